package server

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// fileDiff is one file's part of a unified diff (report.Fix.Diff).
type fileDiff struct {
	path  string // as the diff names it, "a/" or "b/" prefix removed
	hunks []hunk
}

// hunk replaces old lines [start, start+len(old)) (1-based start) by new.
type hunk struct {
	start    int
	old, new []string
}

var errBadDiff = errors.New("not a unified diff")

// parseDiff reads a unified diff as `diff -u` and `git diff` write it.
// It is strict: a diff it cannot fully account for is rejected rather than
// half applied.
func parseDiff(text string) ([]fileDiff, error) {
	lines := strings.SplitAfter(text, "\n")
	if n := len(lines); n > 0 && lines[n-1] == "" {
		lines = lines[:n-1] // the empty tail after the last newline is no line
	}
	var out []fileDiff
	var cur *fileDiff
	for i := 0; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], "\r\n")
		switch {
		case strings.HasPrefix(l, "--- "):
			if i+1 >= len(lines) || !strings.HasPrefix(lines[i+1], "+++ ") {
				return nil, fmt.Errorf("%w: --- without +++", errBadDiff)
			}
			i++
			name := strings.TrimRight(strings.TrimPrefix(lines[i], "+++ "), "\r\n")
			name, _, _ = strings.Cut(name, "\t")
			if name == "/dev/null" {
				return nil, fmt.Errorf("%w: deleting files is not supported", errBadDiff)
			}
			name = strings.TrimPrefix(strings.TrimPrefix(name, "b/"), "a/")
			out = append(out, fileDiff{path: name})
			cur = &out[len(out)-1]
		case strings.HasPrefix(l, "@@ "):
			if cur == nil {
				return nil, fmt.Errorf("%w: hunk before a file header", errBadDiff)
			}
			oldStart, oldLen, newLen, err := hunkHeader(l)
			if err != nil {
				return nil, err
			}
			h := hunk{start: oldStart}
			for i+1 < len(lines) && (len(h.old) < oldLen || len(h.new) < newLen) {
				i++
				body := strings.TrimRight(lines[i], "\r\n")
				if body == "" {
					body = " " // some tools drop the blank context line's space
				}
				switch body[0] {
				case ' ':
					h.old = append(h.old, body[1:])
					h.new = append(h.new, body[1:])
				case '-':
					h.old = append(h.old, body[1:])
				case '+':
					h.new = append(h.new, body[1:])
				case '\\':
				default:
					return nil, fmt.Errorf("%w: bad hunk line %q", errBadDiff, body)
				}
			}
			if len(h.old) != oldLen || len(h.new) != newLen {
				return nil, fmt.Errorf("%w: hunk is shorter than its header says", errBadDiff)
			}
			if oldLen == 0 {
				h.start++ // "-5,0" inserts after line 5
			}
			cur.hunks = append(cur.hunks, h)
		}
	}
	if len(out) == 0 {
		return nil, errBadDiff
	}
	return out, nil
}

// hunkHeader parses "@@ -l,n +l,n @@".
func hunkHeader(l string) (oldStart, oldLen, newLen int, err error) {
	f := strings.Fields(l)
	if len(f) < 4 || f[0] != "@@" || f[3] != "@@" && !strings.HasPrefix(f[3], "@@") {
		return 0, 0, 0, fmt.Errorf("%w: bad hunk header %q", errBadDiff, l)
	}
	rangeOf := func(s, sign string) (int, int, error) {
		if !strings.HasPrefix(s, sign) {
			return 0, 0, errBadDiff
		}
		a, b, found := strings.Cut(s[1:], ",")
		start, err := strconv.Atoi(a)
		if err != nil || start < 0 {
			return 0, 0, errBadDiff
		}
		n := 1
		if found {
			if n, err = strconv.Atoi(b); err != nil || n < 0 {
				return 0, 0, errBadDiff
			}
		}
		if n > 1<<20 {
			return 0, 0, errBadDiff
		}
		return start, n, nil
	}
	oldStart, oldLen, err = rangeOf(f[1], "-")
	if err != nil {
		return 0, 0, 0, fmt.Errorf("%w: bad hunk header %q", errBadDiff, l)
	}
	_, newLen, err = rangeOf(f[2], "+")
	if err != nil {
		return 0, 0, 0, fmt.Errorf("%w: bad hunk header %q", errBadDiff, l)
	}
	return oldStart, oldLen, newLen, nil
}
