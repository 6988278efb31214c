package fix

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// context is how many unchanged lines a hunk shows around a change.
const diffContext = 3

// Diff renders c as a unified diff against the files on disk, paths relative
// to root when they are inside it. c must be valid (see Validate).
func Diff(root string, c Candidate) string {
	byFile := map[string][]Edit{}
	var order []string
	for _, e := range c.Edits {
		f := filepath.Clean(e.File)
		if _, ok := byFile[f]; !ok {
			order = append(order, f)
		}
		byFile[f] = append(byFile[f], e)
	}
	var b strings.Builder
	for _, f := range order {
		src, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		name := f
		if rel, err := filepath.Rel(root, f); err == nil && !strings.HasPrefix(rel, "..") {
			name = filepath.ToSlash(rel)
		}
		fileDiff(&b, name, splitLines(src), byFile[f])
	}
	return b.String()
}

// change is one edit reduced to the lines it really changes: old lines
// [start, start+len(del)) become add.
type change struct {
	start int // 1-based first old line
	del   []string
	add   []string
}

// fileDiff writes the hunks of one file. Hunks are built from the edits
// themselves (their common leading and trailing lines trimmed), which is
// exact and needs no diff algorithm.
func fileDiff(b *strings.Builder, name string, lines []string, edits []Edit) {
	edits = slices.Clone(edits)
	slices.SortStableFunc(edits, byPosition)
	var chs []change
	for _, e := range edits {
		ch := change{start: e.StartLine, del: lines[e.StartLine-1 : e.EndLine], add: splitLines([]byte(withNewline(e.NewText)))}
		for len(ch.del) > 0 && len(ch.add) > 0 && ch.del[0] == ch.add[0] {
			ch.del, ch.add, ch.start = ch.del[1:], ch.add[1:], ch.start+1
		}
		for len(ch.del) > 0 && len(ch.add) > 0 && ch.del[len(ch.del)-1] == ch.add[len(ch.add)-1] {
			ch.del, ch.add = ch.del[:len(ch.del)-1], ch.add[:len(ch.add)-1]
		}
		if len(ch.del) == 0 && len(ch.add) == 0 {
			continue
		}
		// Touching changes are one: removed lines first, then added.
		if n := len(chs); n > 0 && chs[n-1].start+len(chs[n-1].del) == ch.start {
			chs[n-1].del = append(slices.Clip(chs[n-1].del), ch.del...)
			chs[n-1].add = append(slices.Clip(chs[n-1].add), ch.add...)
			continue
		}
		chs = append(chs, ch)
	}
	if len(chs) == 0 {
		return
	}
	fmt.Fprintf(b, "--- a/%s\n+++ b/%s\n", name, name)
	delta := 0 // lines added minus lines removed by earlier hunks
	for i := 0; i < len(chs); {
		// Group changes whose context windows touch into one hunk.
		j := i + 1
		for j < len(chs) && chs[j].start-(chs[j-1].start+len(chs[j-1].del)) <= 2*diffContext {
			j++
		}
		delta += writeHunk(b, lines, chs[i:j], delta)
		i = j
	}
}

// writeHunk writes one hunk and returns its lines added minus removed.
func writeHunk(b *strings.Builder, lines []string, chs []change, delta int) int {
	first := max(1, chs[0].start-diffContext)
	lastCh := chs[len(chs)-1]
	end := min(len(lines), lastCh.start+len(lastCh.del)-1+diffContext) // last old line shown
	var body strings.Builder
	oldN, newN := 0, 0
	line := first
	emit := func(prefix, s string) {
		body.WriteString(prefix)
		body.WriteString(s)
		if !strings.HasSuffix(s, "\n") {
			body.WriteString("\n\\ No newline at end of file\n")
		}
	}
	for _, ch := range chs {
		for ; line < ch.start; line++ {
			emit(" ", lines[line-1])
			oldN++
			newN++
		}
		for _, s := range ch.del {
			emit("-", s)
			oldN++
		}
		for _, s := range ch.add {
			emit("+", s)
			newN++
		}
		line = ch.start + len(ch.del)
	}
	for ; line <= end; line++ {
		emit(" ", lines[line-1])
		oldN++
		newN++
	}
	oldStart, newStart := first, first+delta
	if oldN == 0 {
		oldStart--
	}
	if newN == 0 {
		newStart--
	}
	fmt.Fprintf(b, "@@ -%d,%d +%d,%d @@\n", oldStart, oldN, newStart, newN)
	b.WriteString(body.String())
	return newN - oldN
}
