package fix

import (
	"bytes"
	"context"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/packages"

	"github.com/sleuth-dev/sleuth/analysis/report"
	"github.com/sleuth-dev/sleuth/analysis/source"
)

// maxSuspects is how many of the top suspects the rules look at: the ones
// below are rarely the cause, and each costs a verification run.
const maxSuspects = 6

// Propose returns candidates made without a model for rep's failure, best
// first: for each of the top suspects (in their order), the rules whose
// shape matches the source at its line; then rules that work at the crash
// itself (a guard, a comma-ok assertion), which treat the symptom and so
// come last. It loads the suspects' packages itself for types. It returns no
// candidates and no error when no rule applies.
func Propose(ctx context.Context, rep *report.Report) ([]Candidate, error) {
	if rep == nil || rep.Failure == nil || rep.Failure.Kind == report.KindBuildError {
		return nil, nil
	}
	sus := rep.Suspects
	if len(sus) > maxSuspects {
		sus = sus[:maxSuspects]
	}
	files := []string{rep.Failure.Location.File}
	for _, s := range sus {
		files = append(files, s.File)
	}
	p, err := loadProgram(ctx, files)
	if err != nil {
		return nil, err
	}
	var out []Candidate
	seen := map[string]bool{}
	add := func(cs []Candidate) {
		for _, c := range cs {
			key := fmt.Sprint(c.Edits)
			if len(c.Edits) == 0 || seen[key] {
				continue
			}
			if err := Validate(source.ModuleRoot(filepath.Dir(c.Edits[0].File)), c); err != nil {
				continue // a rule's bug must not reach the user
			}
			seen[key] = true
			out = append(out, c)
		}
	}
	for _, s := range sus {
		st := p.siteAt(s.File, s.Line)
		if st == nil {
			continue
		}
		st.reason = s.Reason + "\n" + strings.Join(s.Evidence, "\n")
		for _, r := range suspectRules {
			add(safely(r, p, st))
		}
	}
	if loc := rep.Failure.Location; loc.File != "" {
		if st := p.siteAt(loc.File, loc.Line); st != nil {
			st.kind = rep.Failure.Kind
			for _, r := range crashRules {
				add(safely(r, p, st))
			}
		}
	}
	return out, ctx.Err()
}

// A rule looks at one site and returns the candidates it is sure of.
type rule func(p *program, s *site) []Candidate

// safely runs r, turning a panic (a rule's bug on source it did not
// expect) into no candidate: a missing fix is better than a crash.
func safely(r rule, p *program, s *site) (out []Candidate) {
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	return r(p, s)
}

// suspectRules run on each suspect line, in this order.
var suspectRules = []rule{
	ctorBypass,
	checkError,
	bound,
	roundDiv,
	deferDone,
	lockMap,
	closeOnce,
	localMap,
}

// crashRules run on the crash line, after every suspect's rules.
var crashRules = []rule{
	lazyInitMap,
	commaOK,
	guardNil,
}

// site is a line of a loaded file.
type site struct {
	file   *ast.File
	pkg    *packages.Package
	line   int
	reason string // the suspect's reason and evidence, for rules that need a hint
	kind   report.Kind
	// nodes are the nodes that start on the line, outermost first.
	nodes []ast.Node
}

// program holds the loaded packages of the suspects.
type program struct {
	fset  *token.FileSet
	files map[string]*ast.File // absolute file name → syntax
	pkgs  map[*ast.File]*packages.Package
	srcs  map[string][]byte
}

// loadProgram loads the packages holding files, test files included.
func loadProgram(ctx context.Context, files []string) (*program, error) {
	byRoot := map[string][]string{}
	for _, f := range files {
		if f == "" || !filepath.IsAbs(f) {
			continue
		}
		dir := filepath.Dir(f)
		root := source.ModuleRoot(dir)
		if !slices.Contains(byRoot[root], dir) {
			byRoot[root] = append(byRoot[root], dir)
		}
	}
	p := &program{fset: token.NewFileSet(), files: map[string]*ast.File{}, pkgs: map[*ast.File]*packages.Package{}, srcs: map[string][]byte{}}
	for root, dirs := range byRoot {
		cfg := &packages.Config{
			Context: ctx,
			Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
				packages.NeedTypes | packages.NeedTypesInfo | packages.NeedSyntax,
			Dir:   root,
			Tests: true,
			Fset:  p.fset,
		}
		pkgs, err := packages.Load(cfg, dirs...)
		if err != nil {
			return nil, fmt.Errorf("fix: loading %s: %w", strings.Join(dirs, ", "), err)
		}
		for _, pkg := range pkgs {
			if pkg.TypesInfo == nil {
				continue
			}
			for _, f := range pkg.Syntax {
				name := p.fset.File(f.Pos()).Name()
				// The test variant holds every file of the package: prefer it.
				if _, ok := p.files[name]; ok && !strings.Contains(pkg.ID, ".test]") {
					continue
				}
				p.files[name] = f
				p.pkgs[f] = pkg
			}
		}
	}
	if len(p.files) == 0 {
		return nil, fmt.Errorf("fix: no package holds %s", strings.Join(files, ", "))
	}
	return p, nil
}

// siteAt returns the site at file:line, or nil when the file is not loaded.
func (p *program) siteAt(file string, line int) *site {
	f := p.files[filepath.Clean(file)]
	if f == nil || line <= 0 {
		return nil
	}
	s := &site{file: f, pkg: p.pkgs[f], line: line}
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		if p.line(n.End()) < line || p.line(n.Pos()) > line {
			return false
		}
		if p.line(n.Pos()) == line {
			s.nodes = append(s.nodes, n)
		}
		return true
	})
	return s
}

func (p *program) line(pos token.Pos) int { return p.fset.Position(pos).Line }

// src returns the content of a loaded file.
func (p *program) src(name string) []byte {
	if b, ok := p.srcs[name]; ok {
		return b
	}
	b, err := os.ReadFile(name)
	if err != nil {
		b = nil
	}
	p.srcs[name] = b
	return b
}

// text returns n's source.
func (p *program) text(n ast.Node) string {
	f := p.fset.File(n.Pos())
	src := p.src(f.Name())
	if src == nil {
		return ""
	}
	return string(src[f.Offset(n.Pos()):f.Offset(n.End())])
}

func (p *program) fileAt(pos token.Pos) *ast.File {
	f := p.fset.File(pos)
	if f == nil {
		return nil
	}
	return p.files[f.Name()]
}

func (p *program) pkgAt(pos token.Pos) *packages.Package {
	if f := p.fileAt(pos); f != nil {
		return p.pkgs[f]
	}
	return nil
}

func (p *program) info(pos token.Pos) *types.Info {
	if pkg := p.pkgAt(pos); pkg != nil {
		return pkg.TypesInfo
	}
	return nil
}

// indentAt returns the leading white space of the line holding pos.
func (p *program) indentAt(pos token.Pos) string {
	f := p.fset.File(pos)
	src := p.src(f.Name())
	start := f.Offset(f.LineStart(f.Line(pos)))
	end := start
	for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	return string(src[start:end])
}

// lineEndOffset returns the offset just past the newline of the line
// holding pos.
func (p *program) lineEndOffset(pos token.Pos) int {
	f := p.fset.File(pos)
	src := p.src(f.Name())
	off := f.Offset(pos)
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		return off + i + 1
	}
	return len(src)
}

// blankLineAfter reports whether the line after n is empty.
func (p *program) blankLineAfter(n ast.Node) bool {
	f := p.fset.File(n.Pos())
	src := p.src(f.Name())
	off := p.lineEndOffset(n.End())
	end := off
	for end < len(src) && src[end] != '\n' {
		end++
	}
	return strings.TrimSpace(string(src[off:end])) == ""
}

// path returns the nodes enclosing n, innermost first.
func (p *program) path(n ast.Node) []ast.Node {
	f := p.fileAt(n.Pos())
	if f == nil {
		return nil
	}
	path, _ := astutil.PathEnclosingInterval(f, n.Pos(), n.End())
	return path
}

// enclosingFunc returns the innermost function around n: its type and
// body, and the declaration or literal.
func (p *program) enclosingFunc(n ast.Node) (*ast.FuncType, *ast.BlockStmt, ast.Node) {
	for _, x := range p.path(n) {
		switch f := x.(type) {
		case *ast.FuncDecl:
			return f.Type, f.Body, f
		case *ast.FuncLit:
			return f.Type, f.Body, f
		}
	}
	return nil, nil, nil
}

// enclosingStmt returns the innermost statement around n whose parent is a
// block (a statement new lines can be put before or after).
func (p *program) enclosingStmt(n ast.Node) ast.Stmt {
	path := p.path(n)
	for i, x := range path {
		s, ok := x.(ast.Stmt)
		if !ok || i+1 >= len(path) {
			continue
		}
		switch path[i+1].(type) {
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
			return s
		}
	}
	return nil
}

// first returns the first node of s's line of type T.
func first[T ast.Node](s *site) (T, bool) {
	for _, n := range s.nodes {
		if x, ok := n.(T); ok {
			return x, true
		}
	}
	var zero T
	return zero, false
}

// all returns the nodes of s's line of type T.
func all[T ast.Node](s *site) []T {
	var out []T
	for _, n := range s.nodes {
		if x, ok := n.(T); ok {
			out = append(out, x)
		}
	}
	return out
}

// one returns the candidate of b as a list, or nil.
func one(b *builder) []Candidate {
	if c, ok := b.candidate(); ok {
		return []Candidate{c}
	}
	return nil
}
