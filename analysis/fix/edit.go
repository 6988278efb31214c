package fix

import (
	"bytes"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Validate checks that every edit of c names a Go file inside root, that its
// line range is valid for the file as it is on disk, that the edits of one
// file do not overlap, and that each edited file still parses. The error is
// one line, fit to show the user or to hand back to a model.
func Validate(root string, c Candidate) error {
	_, err := apply(root, c)
	return err
}

// apply validates c and returns the new content of each edited file.
func apply(root string, c Candidate) (map[string][]byte, error) {
	if len(c.Edits) == 0 {
		return nil, errors.New("fix: the candidate has no edits")
	}
	root, err := realDir(root)
	if err != nil {
		return nil, err
	}
	byFile := map[string][]Edit{}
	var order []string
	for _, e := range c.Edits {
		if !filepath.IsAbs(e.File) {
			return nil, fmt.Errorf("fix: %s: the file must be an absolute path", e.File)
		}
		if filepath.Ext(e.File) != ".go" {
			return nil, fmt.Errorf("fix: %s: only Go files can be edited", e.File)
		}
		if err := inside(root, e.File); err != nil {
			return nil, err
		}
		f := filepath.Clean(e.File)
		if _, ok := byFile[f]; !ok {
			order = append(order, f)
		}
		byFile[f] = append(byFile[f], e)
	}
	out := make(map[string][]byte, len(order))
	for _, f := range order {
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("fix: reading %s: %w", f, err)
		}
		got, err := applyFile(src, byFile[f])
		if err != nil {
			return nil, fmt.Errorf("fix: %s: %w", filepath.Base(f), err)
		}
		if _, err := parser.ParseFile(token.NewFileSet(), f, got, parser.SkipObjectResolution); err != nil {
			return nil, fmt.Errorf("fix: the edited %s does not parse: %s", filepath.Base(f), firstErrLine(err))
		}
		out[f] = got
	}
	return out, nil
}

// realDir returns dir absolute with symbolic links resolved.
func realDir(dir string) (string, error) {
	if dir == "" {
		return "", errors.New("fix: no root directory")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("fix: root %s: %w", dir, err)
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", fmt.Errorf("fix: root %s: %w", dir, err)
	}
	return real, nil
}

// inside reports an error unless file, with links resolved, lies under root
// (already resolved). Links are resolved so that a link inside the tree
// cannot point an edit outside it.
func inside(root, file string) error {
	real, err := filepath.EvalSymlinks(filepath.Clean(file))
	if err != nil {
		return fmt.Errorf("fix: %s: %w", file, err)
	}
	rel, err := filepath.Rel(root, real)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return fmt.Errorf("fix: %s is outside the module %s", file, root)
	}
	return nil
}

// applyFile applies edits (all of one file) to src.
func applyFile(src []byte, edits []Edit) ([]byte, error) {
	lines := splitLines(src)
	edits = slices.Clone(edits)
	slices.SortStableFunc(edits, byPosition)
	for i, e := range edits {
		if e.StartLine < 1 || e.EndLine < e.StartLine-1 || e.EndLine > len(lines) {
			return nil, fmt.Errorf("edit of lines %d-%d is out of range (the file has %d lines)", e.StartLine, e.EndLine, len(lines))
		}
		if i > 0 && e.StartLine <= edits[i-1].EndLine {
			return nil, fmt.Errorf("edits of lines %d-%d and %d-%d overlap", edits[i-1].StartLine, edits[i-1].EndLine, e.StartLine, e.EndLine)
		}
		if i > 0 && e.StartLine == edits[i-1].StartLine && e.EndLine < e.StartLine && edits[i-1].EndLine < edits[i-1].StartLine {
			return nil, fmt.Errorf("two insertions before line %d", e.StartLine)
		}
	}
	var b bytes.Buffer
	next := 1 // first line not yet copied
	for _, e := range edits {
		for ; next < e.StartLine; next++ {
			b.WriteString(lines[next-1])
		}
		b.WriteString(withNewline(e.NewText))
		next = e.EndLine + 1
	}
	for ; next <= len(lines); next++ {
		b.WriteString(lines[next-1])
	}
	return b.Bytes(), nil
}

// byPosition orders edits by start line, an insertion before a replacement
// that starts on the same line.
func byPosition(a, b Edit) int {
	if a.StartLine != b.StartLine {
		return a.StartLine - b.StartLine
	}
	return a.EndLine - b.EndLine
}

// splitLines splits src into lines, each keeping its newline (the last may
// have none).
func splitLines(src []byte) []string {
	s := string(src)
	var lines []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, s)
			break
		}
		lines = append(lines, s[:i+1])
		s = s[i+1:]
	}
	return lines
}

func withNewline(s string) string {
	if s == "" || strings.HasSuffix(s, "\n") {
		return s
	}
	return s + "\n"
}

func firstErrLine(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}
