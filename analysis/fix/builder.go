package fix

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"
)

// builder collects the byte-level changes of one candidate and turns them
// into line edits. Rules speak in AST positions; editors and the overlay
// speak in lines.
type builder struct {
	p     *program
	title string
	shape string
	ops   []op
	bad   bool // a change could not be expressed: drop the candidate
}

// op replaces src[off:end] of file with text.
type op struct {
	file     string
	off, end int
	text     string
}

func (p *program) build(title, shape string) *builder {
	return &builder{p: p, title: title, shape: shape}
}

// replace replaces the source from pos to end.
func (b *builder) replace(pos, end token.Pos, text string) {
	f := b.p.fset.File(pos)
	if f == nil || !pos.IsValid() || !end.IsValid() {
		b.bad = true
		return
	}
	b.ops = append(b.ops, op{file: f.Name(), off: f.Offset(pos), end: f.Offset(end), text: text})
}

// replaceNode replaces n's source.
func (b *builder) replaceNode(n ast.Node, text string) { b.replace(n.Pos(), n.End(), text) }

// insertBefore inserts whole lines before the line where n starts, indented
// like that line.
func (b *builder) insertBefore(n ast.Node, lines ...string) {
	f := b.p.fset.File(n.Pos())
	if f == nil {
		b.bad = true
		return
	}
	start := f.LineStart(f.Line(n.Pos()))
	ind := b.p.indentAt(n.Pos())
	b.ops = append(b.ops, op{file: f.Name(), off: f.Offset(start), end: f.Offset(start), text: indentLines(ind, lines)})
}

// insertAfter inserts whole lines after the line where n ends, indented like
// the line where n starts.
func (b *builder) insertAfter(n ast.Node, lines ...string) {
	f := b.p.fset.File(n.Pos())
	if f == nil {
		b.bad = true
		return
	}
	ind := b.p.indentAt(n.Pos())
	off := b.p.lineEndOffset(n.End())
	b.ops = append(b.ops, op{file: f.Name(), off: off, end: off, text: indentLines(ind, lines)})
}

// deleteStmt removes statement s: its whole line when nothing else is on it.
func (b *builder) deleteStmt(s ast.Node) {
	f := b.p.fset.File(s.Pos())
	src := b.p.src(f.Name())
	if f == nil || src == nil {
		b.bad = true
		return
	}
	startLine := f.Line(s.Pos())
	lineStart := f.Offset(f.LineStart(startLine))
	lineEnd := b.p.lineEndOffset(s.End())
	before := strings.TrimSpace(string(src[lineStart:f.Offset(s.Pos())]))
	after := strings.TrimSpace(string(src[f.Offset(s.End()):lineEnd]))
	if before == "" && after == "" {
		b.ops = append(b.ops, op{file: f.Name(), off: lineStart, end: lineEnd})
		return
	}
	b.replaceNode(s, "")
}

// indentLines indents each line by ind (a line that is empty stays empty)
// and ends each with a newline. Lines may hold newlines themselves.
func indentLines(ind string, lines []string) string {
	var sb strings.Builder
	for _, l := range lines {
		for _, x := range strings.Split(l, "\n") {
			if x != "" {
				sb.WriteString(ind)
				sb.WriteString(x)
			}
			sb.WriteByte('\n')
		}
	}
	return sb.String()
}

// candidate turns the collected changes into a Candidate, or reports false
// when they cannot be applied (overlapping, or a position was unknown).
func (b *builder) candidate() (Candidate, bool) {
	if b.bad || len(b.ops) == 0 {
		return Candidate{}, false
	}
	c := Candidate{Title: b.title, Source: SourceRule, Shape: b.shape}
	byFile := map[string][]op{}
	var files []string
	for _, o := range b.ops {
		if _, ok := byFile[o.file]; !ok {
			files = append(files, o.file)
		}
		byFile[o.file] = append(byFile[o.file], o)
	}
	for _, name := range files {
		edits, ok := lineEdits(name, b.p.src(name), byFile[name])
		if !ok {
			return Candidate{}, false
		}
		c.Edits = append(c.Edits, edits...)
	}
	return c, true
}

// lineEdits turns byte changes of one file into line edits: a pure
// insertion of whole lines becomes an insertion edit; anything else replaces
// the lines it touches, and changes touching the same lines are merged.
func lineEdits(name string, src []byte, ops []op) ([]Edit, bool) {
	if src == nil {
		return nil, false
	}
	slices.SortStableFunc(ops, func(a, b op) int {
		if a.off != b.off {
			return a.off - b.off
		}
		return a.end - b.end
	})
	for i := 1; i < len(ops); i++ {
		if ops[i].off < ops[i-1].end {
			return nil, false // overlapping changes
		}
	}
	starts := lineStarts(src)
	lineOf := func(off int) int { // 1-based line holding byte off
		i, _ := slices.BinarySearch(starts, off+1)
		return i
	}
	atLineStart := func(off int) bool {
		_, ok := slices.BinarySearch(starts, off)
		return ok || (off == len(src) && off > 0 && src[off-1] == '\n')
	}
	type group struct {
		first, last int // lines
		ops         []op
	}
	var groups []group
	var inserts []Edit
	for _, o := range ops {
		if o.off == o.end && atLineStart(o.off) && strings.HasSuffix(o.text, "\n") {
			l := lineOf(o.off)
			if o.off == len(src) {
				l = len(starts) + 1
			}
			if n := len(inserts); n > 0 && inserts[n-1].StartLine == l {
				inserts[n-1].NewText += o.text
				continue
			}
			inserts = append(inserts, Edit{File: name, StartLine: l, EndLine: l - 1, NewText: o.text})
			continue
		}
		first := lineOf(o.off)
		last := first
		if o.end > o.off {
			last = lineOf(o.end - 1)
		}
		if n := len(groups); n > 0 && first <= groups[n-1].last {
			groups[n-1].last = max(groups[n-1].last, last)
			groups[n-1].ops = append(groups[n-1].ops, o)
			continue
		}
		groups = append(groups, group{first: first, last: last, ops: []op{o}})
	}
	edits := inserts
	for _, g := range groups {
		from := starts[g.first-1]
		to := len(src)
		if g.last < len(starts) {
			to = starts[g.last]
		}
		var sb strings.Builder
		pos := from
		for _, o := range g.ops {
			sb.Write(src[pos:o.off])
			sb.WriteString(o.text)
			pos = o.end
		}
		sb.Write(src[pos:to])
		edits = append(edits, Edit{File: name, StartLine: g.first, EndLine: g.last, NewText: sb.String()})
	}
	// An insertion before a line that a replacement also touches stays
	// separate: applyFile orders insertions first.
	slices.SortStableFunc(edits, byPosition)
	return edits, true
}

// lineStarts returns the byte offset where each line starts.
func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' && i+1 < len(src) {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// addImport adds an import of path to the file holding pos, unless the file
// already imports it, and returns the name to use for it.
func (b *builder) addImport(pos token.Pos, path string) string {
	file := b.p.fileAt(pos)
	if file == nil {
		b.bad = true
		return ""
	}
	name := path[strings.LastIndex(path, "/")+1:]
	for _, s := range file.Imports {
		if p, _ := strconv.Unquote(s.Path.Value); p == path {
			if s.Name != nil {
				return s.Name.Name
			}
			return name
		}
	}
	spec := strconv.Quote(path)
	for _, d := range file.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT {
			continue
		}
		if !g.Lparen.IsValid() {
			// import "x" → a block holding both, in order.
			old := b.p.text(g.Specs[0])
			specs := []string{old, spec}
			slices.Sort(specs)
			b.replaceNode(g, "import (\n\t"+specs[0]+"\n\t"+specs[1]+"\n)")
			return name
		}
		// Before the first spec of the first group that sorts after it.
		for _, s := range g.Specs {
			is := s.(*ast.ImportSpec)
			if is.Path.Value > spec {
				b.insertBefore(is, spec)
				return name
			}
			if b.p.line(s.End())+1 < b.p.line(g.Rparen) && b.p.blankLineAfter(s) {
				b.insertAfter(is, spec)
				return name
			}
		}
		last := g.Specs[len(g.Specs)-1]
		b.insertAfter(last, spec)
		return name
	}
	b.insertAfter(file.Name, "", "import "+spec)
	return name
}

// zero returns the zero value of t as source text in the package of pos,
// or false when it has no short spelling.
func (p *program) zero(pos token.Pos, t types.Type) (string, bool) {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return "false", true
		case u.Info()&types.IsString != 0:
			return `""`, true
		case u.Info()&types.IsNumeric != 0:
			return "0", true
		case u.Kind() == types.UnsafePointer || u.Kind() == types.UntypedNil:
			return "nil", true
		}
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		return "nil", true
	case *types.Struct, *types.Array:
		if s, ok := p.typeString(pos, t); ok {
			return s + "{}", true
		}
	}
	if _, ok := t.(*types.TypeParam); ok {
		if s, ok := p.typeString(pos, t); ok {
			return "*new(" + s + ")", true
		}
	}
	return "", false
}

// typeString spells t as the file at pos refers to it, or reports false
// when a package it needs is not imported there.
func (p *program) typeString(pos token.Pos, t types.Type) (string, bool) {
	file := p.fileAt(pos)
	pkg := p.pkgAt(pos)
	if file == nil || pkg == nil {
		return "", false
	}
	ok := true
	s := types.TypeString(t, func(other *types.Package) string {
		if other == pkg.Types {
			return ""
		}
		for _, is := range file.Imports {
			if path, _ := strconv.Unquote(is.Path.Value); path == other.Path() {
				if is.Name != nil {
					return is.Name.Name
				}
				return other.Name()
			}
		}
		ok = false
		return other.Name()
	})
	return s, ok
}
