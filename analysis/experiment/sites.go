package experiment

import (
	"go/ast"
	"go/token"
	"go/types"
	"path"
	"sort"
	"strconv"
	"strings"
)

// A Variant is one experiment: an edit of the program, or a forced branch.
type Variant struct {
	// ID is what the schema's switch compares the run's SLEUTH_MUTANT to.
	ID   int
	Site *Site
	// Family names the fix pattern: "operator", "boundary", "arith",
	// "offset", "variable", "field", "swap", "wrap", "assign-result",
	// "other-field", "delete", "negate", "flip".
	Family string
	// Desc says what changes, for the evidence: "`<` to `<=`".
	Desc string
	// Fix replaces the site's span [Site.Pos, Site.End) in the original
	// file; "" for an experiment that is no edit of the source (a branch
	// forced once).
	Fix string
	// Import is a package the fix needs the file to import.
	Import string
	// Also is a second change made in the same run: the pair is one
	// experiment (a clamp needs its condition and its value changed).
	Also *Variant
}

// A Site is a place in a file where experiments are made.
type Site struct {
	File     string
	Pos, End int // byte offsets of the span Fix replaces
	Line     int
	// Func names the function the site is in ("*Cache.Get").
	Func string
	// Stmt is the reach marker of the enclosing statement: the site ran
	// when it did.
	Stmt     int
	Variants []*Variant

	src []byte // the file's original text
	// Guard, for a site in an if's condition, are the reach markers of the
	// statements the if runs when the condition holds; body is that block
	// until the markers are known.
	Guard  []int
	body   *ast.BlockStmt
	pieces []piece
	// spans are where the instrumented text of this site stands in the
	// rewritten file, for attributing type errors.
	spans [][2]int
}

func (s *Site) source() []byte { return s.src }

// piece is a text insertion (end == off) or replacement in the original
// source.
type piece struct {
	off, end int
	text     string
	class    int // 0 closing text, 1 replacement, 2 opening text: their order at one offset
	depth    int // nesting: closings innermost first, openings outermost first
	site     *Site
}

// finder walks one file's function bodies and makes its sites.
type finder struct {
	fset  *token.FileSet
	file  *ast.File
	name  string
	src   []byte
	info  *types.Info
	pkg   *types.Package
	next  *int // the next free ID, shared by every file
	wraps map[string][]stdFunc
	sites []*Site
	marks []piece // reach markers
	// markLine maps a reach marker to its statement's line.
	markLine map[int]int

	// ifs are the if statements whose condition and single assignment
	// may be changed together (pairs.go).
	ifs []*ast.IfStmt
	// imports are the packages the instrumented file imports in addition,
	// under an alias, for wrapping: path → a function of it to use once.
	imports map[string]string

	stack []ast.Node
	mark  map[ast.Node]int // statements' reach markers
	// onNode counts the sites wrapped around one node so far.
	onNode map[ast.Node]int
	lhs    map[ast.Node]bool // expressions that are written, not read
}

// funcName is the name of the function declaration around the walk.
func (f *finder) funcName() string {
	for _, n := range f.stack {
		if d, ok := n.(*ast.FuncDecl); ok {
			if d.Recv != nil && len(d.Recv.List) > 0 {
				return types.ExprString(d.Recv.List[0].Type) + "." + d.Name.Name
			}
			return d.Name.Name
		}
	}
	return ""
}

// guarded is the body of the if whose condition holds n, if any.
func (f *finder) guarded(n ast.Node) *ast.BlockStmt {
	for i := len(f.stack) - 1; i >= 0; i-- {
		switch x := f.stack[i].(type) {
		case *ast.IfStmt:
			if x.Cond != nil && x.Cond.Pos() <= n.Pos() && n.End() <= x.Cond.End() {
				return x.Body
			}
			return nil
		case ast.Stmt:
			return nil
		}
	}
	return nil
}

// resolveGuards turns the sites' guarded bodies into reach markers, once
// every statement has one.
func (f *finder) resolveGuards() {
	for _, s := range f.sites {
		if s.body == nil {
			continue
		}
		for _, st := range s.body.List {
			if m, ok := f.mark[st]; ok {
				s.Guard = append(s.Guard, m)
			}
		}
		s.body = nil
	}
}

// enclosingMark is the reach marker of the innermost statement around the
// walk's position.
func (f *finder) enclosingMark() int {
	for i := len(f.stack) - 1; i >= 0; i-- {
		if m, ok := f.mark[f.stack[i]]; ok {
			return m
		}
	}
	return 0
}

// stdFunc is a standard-library function of one argument whose result has
// the argument's type, applied somewhere in the module (strings.ToLower).
type stdFunc struct {
	path, name string
}

func (f *finder) off(p token.Pos) int  { return f.fset.Position(p).Offset }
func (f *finder) line(p token.Pos) int { return f.fset.Position(p).Line }
func (f *finder) text(n ast.Node) string {
	return string(f.src[f.off(n.Pos()):f.off(n.End())])
}

func (f *finder) id(n int) int {
	id := *f.next
	*f.next += n
	return id
}

// newSite makes a site over n's span with one variant per (family, desc,
// fix); its IDs are consecutive.
func (f *finder) newSite(n ast.Node, vs ...Variant) *Site {
	s := &Site{File: f.name, Pos: f.off(n.Pos()), End: f.off(n.End()), Line: f.line(n.Pos()), Stmt: f.enclosingMark(), src: f.src,
		body: f.guarded(n), Func: f.funcName()}
	base := f.id(len(vs))
	for i := range vs {
		v := vs[i]
		v.ID, v.Site = base+i, s
		s.Variants = append(s.Variants, &v)
	}
	f.sites = append(f.sites, s)
	return s
}

// wrap surrounds n with open and close.
func (f *finder) wrap(s *Site, n ast.Node, open, close string) {
	// Sites on one node nest in the order they are made: each later one
	// inside the earlier ones.
	d := len(f.stack)*8 + f.onNode[n]
	f.onNode[n]++
	s.pieces = append(s.pieces,
		piece{off: f.off(n.Pos()), end: f.off(n.Pos()), text: open, class: 2, depth: d, site: s},
		piece{off: f.off(n.End()), end: f.off(n.End()), text: close, class: 0, depth: d, site: s})
}

// find makes the sites of every function body in the file.
func (f *finder) find() {
	f.lhs = map[ast.Node]bool{}
	f.onNode = map[ast.Node]int{}
	f.mark = map[ast.Node]int{}
	f.markLine = map[int]int{}
	ast.Inspect(f.file, func(n ast.Node) bool {
		if n == nil {
			f.stack = f.stack[:len(f.stack)-1]
			return false
		}
		f.stack = append(f.stack, n)
		switch x := n.(type) {
		case *ast.GenDecl:
			if x.Tok == token.CONST || x.Tok == token.TYPE {
				f.stack = f.stack[:len(f.stack)-1]
				return false
			}
		case *ast.FuncDecl:
			if x.Body == nil {
				f.stack = f.stack[:len(f.stack)-1]
				return false
			}
		case *ast.ArrayType, *ast.CaseClause:
			if c, ok := x.(*ast.CaseClause); ok {
				f.statements(c.Body)
				for _, e := range c.List {
					f.skip(e)
				}
				return true
			}
			f.stack = f.stack[:len(f.stack)-1]
			return false // a constant length
		case *ast.BlockStmt:
			if len(f.stack) > 1 && f.inFunc() {
				f.statements(x.List)
			}
		case *ast.CommClause:
			f.statements(x.Body)
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				f.markWritten(l)
			}
		case *ast.IncDecStmt:
			f.markWritten(x.X)
		case *ast.RangeStmt:
			if x.Key != nil {
				f.markWritten(x.Key)
			}
			if x.Value != nil {
				f.markWritten(x.Value)
			}
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				f.markWritten(x.X)
			}
		case *ast.IfStmt:
			f.condition(x.Cond, true)
			if len(x.Body.List) == 1 && x.Else == nil {
				if a, ok := x.Body.List[0].(*ast.AssignStmt); ok && a.Tok != token.DEFINE {
					f.ifs = append(f.ifs, x)
				}
			}
		case *ast.ForStmt:
			if x.Cond != nil {
				f.condition(x.Cond, true)
			}
		case ast.Expr:
			if f.inFunc() {
				f.expr(x)
			}
		}
		return true
	})
	f.resolveGuards()
	f.importPieces()
}

// inFunc reports whether the walk is inside a function body.
func (f *finder) inFunc() bool {
	for _, n := range f.stack {
		switch n.(type) {
		case *ast.BlockStmt:
			return true
		}
	}
	return false
}

// skip marks e and everything in it as not to be changed.
func (f *finder) skip(e ast.Node) {
	ast.Inspect(e, func(n ast.Node) bool {
		if n != nil {
			f.lhs[n] = true
		}
		return true
	})
}

// markWritten marks an expression that is assigned to (and the chain of
// values it is reached through) as not readable: it cannot be wrapped.
func (f *finder) markWritten(e ast.Expr) {
	for e != nil {
		f.lhs[e] = true
		switch x := e.(type) {
		case *ast.ParenExpr:
			e = x.X
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return
		}
	}
}

// parent is the node above the current one.
func (f *finder) parent() ast.Node {
	if len(f.stack) < 2 {
		return nil
	}
	return f.stack[len(f.stack)-2]
}

func (f *finder) typeOf(e ast.Expr) types.Type {
	if tv, ok := f.info.Types[e]; ok {
		return tv.Type
	}
	return nil
}

// constant reports whether e is a constant expression (its value is known
// at compile time).
func (f *finder) constant(e ast.Expr) bool {
	tv, ok := f.info.Types[e]
	return ok && tv.Value != nil
}

func basic(t types.Type, info types.BasicInfo) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&info != 0 && b.Kind() != types.UntypedNil
}

// paren wraps an edit's text, whose operator is op, in parentheses where
// the parent expression binds as tight or tighter.
func (f *finder) paren(s string, op token.Token) string {
	switch p := f.parent().(type) {
	case *ast.BinaryExpr:
		if p.Op.Precedence() < op.Precedence() {
			return s
		}
		return "(" + s + ")"
	case *ast.UnaryExpr, *ast.StarExpr, *ast.SelectorExpr:
		return "(" + s + ")"
	}
	return s
}

var relOps = []token.Token{token.LSS, token.LEQ, token.GTR, token.GEQ, token.EQL, token.NEQ}
var arithOps = []token.Token{token.ADD, token.SUB, token.MUL, token.QUO}

func opIndex(ops []token.Token, t token.Token) int {
	for i, o := range ops {
		if o == t {
			return i
		}
	}
	return -1
}

// expr makes the sites of one expression.
func (f *finder) expr(e ast.Expr) {
	if f.lhs[e] {
		return
	}
	switch x := e.(type) {
	case *ast.BinaryExpr:
		f.binary(x)
	case *ast.IndexExpr:
		if basic(f.typeOf(x.Index), types.IsInteger) && !isMap(f.typeOf(x.X)) {
			f.offset(x.Index, "index")
		}
	case *ast.SliceExpr:
		for _, b := range []ast.Expr{x.Low, x.High, x.Max} {
			if b != nil {
				f.offset(b, "bound")
			}
		}
	case *ast.BasicLit:
		if x.Kind == token.INT && !f.indexOrBound(x) {
			f.offset(x, "constant")
		}
	case *ast.Ident:
		f.variable(x)
		f.wrapStd(x)
		if v, ok := f.info.Uses[x].(*types.Var); ok && !v.IsField() {
			switch p := f.parent().(type) {
			case *ast.CallExpr:
				if p.Fun != ast.Expr(x) {
					f.offset(x, "argument")
				}
			case *ast.AssignStmt:
				f.offset(x, "value")
			}
		}
	case *ast.SelectorExpr:
		f.field(x)
		f.wrapStd(x)
	case *ast.CallExpr:
		f.swap(x)
	}
}

// indexOrBound reports whether the current node is an index or a slice
// bound (made a site by its parent already).
func (f *finder) indexOrBound(e ast.Expr) bool {
	switch p := f.parent().(type) {
	case *ast.IndexExpr:
		return p.Index == e
	case *ast.SliceExpr:
		return p.Low == e || p.High == e || p.Max == e
	}
	return false
}

func isMap(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Map)
	return ok
}

// binary makes operator sites: every other relational operator for an
// ordered comparison, negation for another one, every other arithmetic
// operator for numbers.
func (f *finder) binary(b *ast.BinaryExpr) {
	if f.constant(b) {
		return
	}
	xt, yt := f.typeOf(b.X), f.typeOf(b.Y)
	xs, ys := f.text(b.X), f.text(b.Y)
	if i := opIndex(relOps, b.Op); i >= 0 {
		if basic(xt, types.IsOrdered) && basic(yt, types.IsOrdered) && !(f.constant(b.X) && f.constant(b.Y)) {
			var vs []Variant
			for _, o := range relOps {
				if o != b.Op {
					fam := "operator"
					if sameDirection(b.Op, o) {
						fam = "boundary"
					}
					vs = append(vs, Variant{Family: fam, Desc: "`" + b.Op.String() + "` to `" + o.String() + "`", Fix: f.paren(xs+" "+o.String()+" "+ys, o)})
				}
			}
			s := f.newSite(b, vs...)
			f.binaryPieces(s, b, "_sleuthCmp("+strconv.Itoa(s.Variants[0].ID)+", "+strconv.Itoa(i)+", ")
			return
		}
		if !f.inCondition(b) && basic(f.typeOf(b), types.IsBoolean) {
			f.negate(b)
		}
		return
	}
	if i := opIndex(arithOps, b.Op); i >= 0 && basic(f.typeOf(b), types.IsNumeric) && !basic(f.typeOf(b), types.IsComplex) {
		var vs []Variant
		for _, o := range arithOps {
			if o != b.Op {
				vs = append(vs, Variant{Family: "arith", Desc: "`" + b.Op.String() + "` to `" + o.String() + "`", Fix: f.paren(xs+" "+o.String()+" "+ys, o)})
			}
		}
		s := f.newSite(b, vs...)
		f.binaryPieces(s, b, "_sleuthArith("+strconv.Itoa(s.Variants[0].ID)+", "+strconv.Itoa(i)+", ")
	}
}

// sameDirection: < and <=, > and >= are boundary changes of one another.
func sameDirection(a, b token.Token) bool {
	dir := func(t token.Token) int {
		switch t {
		case token.LSS, token.LEQ:
			return 1
		case token.GTR, token.GEQ:
			return 2
		}
		return 0
	}
	return dir(a) != 0 && dir(a) == dir(b)
}

// binaryPieces turns `X op Y` into `open X, Y)`.
func (f *finder) binaryPieces(s *Site, b *ast.BinaryExpr, open string) {
	d := len(f.stack)*8 + f.onNode[b]
	f.onNode[b]++
	s.pieces = append(s.pieces,
		piece{off: f.off(b.X.Pos()), end: f.off(b.X.Pos()), text: open, class: 2, depth: d, site: s},
		piece{off: f.off(b.X.End()), end: f.off(b.Y.Pos()), text: ", ", class: 1, depth: d, site: s},
		piece{off: f.off(b.Y.End()), end: f.off(b.Y.End()), text: ")", class: 0, depth: d, site: s})
}

// inCondition reports whether e is the whole condition of an if or for
// (made a site by condition).
func (f *finder) inCondition(e ast.Expr) bool {
	switch p := f.parent().(type) {
	case *ast.IfStmt:
		return p.Cond == e
	case *ast.ForStmt:
		return p.Cond == e
	}
	return false
}

// condition makes a branch condition's site: negated for the whole run
// (an edit), and flipped at its first evaluation only (predicate
// switching, no edit).
func (f *finder) condition(c ast.Expr, flip bool) {
	src := f.text(c)
	vs := []Variant{{Family: "negate", Desc: "negating `" + oneLine(src) + "`", Fix: "!(" + src + ")"}}
	if flip {
		vs = append(vs, Variant{Family: "flip", Desc: "forcing `" + oneLine(src) + "` the other way once"})
	}
	s := f.newSite(c, vs...)
	// At the depth of the if or for: the condition's own sites nest inside.
	f.wrap(s, c, "_sleuthFlip("+strconv.Itoa(s.Variants[0].ID)+", "+strconv.Itoa(len(vs))+", ", ")")
}

// negate makes a boolean expression's negation site.
func (f *finder) negate(e ast.Expr) { f.condition(e, false) }

// offset makes an integer expression's ±1 site.
func (f *finder) offset(e ast.Expr, what string) {
	if f.lhs[e] || !basic(f.typeOf(e), types.IsInteger) {
		return
	}
	src := f.text(e)
	plus, minus := f.paren(src+" + 1", token.ADD), f.paren(src+" - 1", token.SUB)
	if lit, ok := e.(*ast.BasicLit); ok {
		if n, err := strconv.ParseInt(lit.Value, 0, 64); err == nil {
			plus, minus = strconv.FormatInt(n+1, 10), strconv.FormatInt(n-1, 10)
		}
	}
	fam := "offset"
	if what == "constant" {
		fam = "constant"
	}
	s := f.newSite(e,
		Variant{Family: fam, Desc: "`" + oneLine(src) + "` to `" + plus + "` (" + what + ")", Fix: plus},
		Variant{Family: fam, Desc: "`" + oneLine(src) + "` to `" + minus + "` (" + what + ")", Fix: minus})
	f.wrap(s, e, "_sleuthOff("+strconv.Itoa(s.Variants[0].ID)+", ", ")")
}

// maxAlternatives bounds the replacements tried for one variable or
// field, nearest scope first.
const maxAlternatives = 3

// variable makes a site that reads another variable of the same type in
// scope instead of this one.
func (f *finder) variable(id *ast.Ident) {
	v, ok := f.info.Uses[id].(*types.Var)
	if !ok || v.IsField() || id.Name == "_" || f.callee(id) {
		return
	}
	inner := f.pkg.Scope().Innermost(id.Pos())
	if inner == nil {
		return
	}
	var alts []string
	for s := inner; s != nil && s != types.Universe && len(alts) < maxAlternatives; s = s.Parent() {
		for _, name := range s.Names() {
			o, ok := s.Lookup(name).(*types.Var)
			if !ok || o == v || name == "_" || !types.Identical(o.Type(), v.Type()) || o.Pkg() != f.pkg {
				continue
			}
			if _, found := inner.LookupParent(name, id.Pos()); found != o {
				continue // declared later, or shadowed here
			}
			alts = append(alts, name)
			if len(alts) == maxAlternatives {
				break
			}
		}
	}
	f.pick(id, "variable", alts, alts)
}

// callee reports whether id is what a call calls (replacing a function
// value is not a fix pattern here).
func (f *finder) callee(e ast.Expr) bool {
	c, ok := f.parent().(*ast.CallExpr)
	return ok && c.Fun == e
}

// field makes a site that reads another field of the same struct and
// type instead of this one.
func (f *finder) field(sel *ast.SelectorExpr) {
	s, ok := f.info.Selections[sel]
	if !ok || s.Kind() != types.FieldVal || len(s.Index()) != 1 || f.callee(sel) {
		return
	}
	st, ok := derefStruct(s.Recv())
	if !ok {
		return
	}
	ft := s.Obj().Type()
	var names, alts []string
	x := f.text(sel.X)
	for i := 0; i < st.NumFields() && len(alts) < maxAlternatives; i++ {
		o := st.Field(i)
		if o.Name() == sel.Sel.Name || o.Name() == "_" || !types.Identical(o.Type(), ft) || (!o.Exported() && o.Pkg() != f.pkg) {
			continue
		}
		names = append(names, x+"."+o.Name())
		alts = append(alts, x+"."+o.Name())
	}
	f.pick(sel, "field", names, alts)
}

func derefStruct(t types.Type) (*types.Struct, bool) {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	return st, ok
}

// pick makes a site reading one of alts (source text, evaluated even when
// not chosen: plain variables and fields of the value already read).
func (f *finder) pick(e ast.Expr, family string, fixes, alts []string) *Site {
	if len(alts) == 0 {
		return nil
	}
	src := f.text(e)
	var vs []Variant
	for _, a := range fixes {
		vs = append(vs, Variant{Family: family, Desc: "`" + src + "` to `" + a + "`", Fix: a})
	}
	s := f.newSite(e, vs...)
	f.wrap(s, e, "_sleuthPick("+strconv.Itoa(s.Variants[0].ID)+", ", ", "+strings.Join(alts, ", ")+")")
	return s
}

// wrapStd makes a site applying a standard-library function that the
// module applies elsewhere to values of this type (strings.ToLower) to a
// variable or field read here.
func (f *finder) wrapStd(e ast.Expr) {
	t := f.typeOf(e)
	if t == nil || f.callee(e) || f.lhs[e] {
		return
	}
	if _, ok := e.(*ast.Ident); ok {
		if v, ok := f.info.Uses[e.(*ast.Ident)].(*types.Var); !ok || v.IsField() {
			return
		}
	}
	if sel, ok := e.(*ast.SelectorExpr); ok {
		if s, ok := f.info.Selections[sel]; !ok || s.Kind() != types.FieldVal {
			return
		}
	}
	if c, ok := f.parent().(*ast.CallExpr); ok && len(c.Args) == 1 && c.Args[0] == e {
		if _, ok := f.std(c.Fun); ok {
			return // already wrapped in such a function
		}
	}
	src := f.text(e)
	var fixes, alts, imports []string
	for _, fn := range f.wraps[types.TypeString(t, nil)] {
		name, alias, imp := f.importName(fn.path), "", ""
		if name == "" {
			if !importedBy(f.pkg, fn.path) {
				continue // its types are not at hand for the check
			}
			// Not imported here: the instrumented file imports it under an
			// alias; the fix adds the import.
			name, alias, imp = path.Base(fn.path), "_sleuth_"+path.Base(fn.path), fn.path
			if f.pkg.Scope().Lookup(name) != nil || f.file.Scope != nil && f.file.Scope.Lookup(name) != nil {
				continue // the name is taken in this package
			}
		}
		use := name
		if alias != "" {
			use = alias
		}
		fixes, alts = append(fixes, name+"."+fn.name+"("+src+")"), append(alts, use+"."+fn.name+"("+src+")")
		imports = append(imports, imp)
		if len(alts) == maxAlternatives {
			break
		}
	}
	if len(alts) == 0 {
		return
	}
	s := f.pick(e, "wrap", fixes, alts)
	for i, v := range s.Variants {
		if imp := imports[i]; imp != "" {
			v.Import = imp
			if f.imports == nil {
				f.imports = map[string]string{}
			}
			for _, fn := range f.wraps[types.TypeString(t, nil)] {
				if fn.path == imp {
					f.imports[imp] = fn.name
				}
			}
		}
	}
}

// importedBy reports whether pkg imports path in one of its files.
func importedBy(pkg *types.Package, path string) bool {
	for _, im := range pkg.Imports() {
		if im.Path() == path {
			return true
		}
	}
	return false
}

// importPieces import the packages wrapping needs under their aliases,
// after the file's imports, each used once so that no import is unused
// when every site using it is dropped.
func (f *finder) importPieces() {
	if len(f.imports) == 0 {
		return
	}
	off := f.off(f.file.Name.End())
	for _, d := range f.file.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			off = f.off(g.End())
		}
	}
	paths := make([]string, 0, len(f.imports))
	for p := range f.imports {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var b strings.Builder
	for _, p := range paths {
		alias := "_sleuth_" + path.Base(p)
		b.WriteString("\nimport " + alias + " " + strconv.Quote(p) + "\n\nvar _ = " + alias + "." + f.imports[p] + "\n")
	}
	f.marks = append(f.marks, piece{off: off, end: off, text: b.String(), class: 2, depth: -2})
}

// std returns the standard-library function fun names, if it is one of
// one argument whose result has the argument's type.
func (f *finder) std(fun ast.Expr) (stdFunc, bool) {
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return stdFunc{}, false
	}
	fn, ok := f.info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || strings.Contains(fn.Pkg().Path(), ".") {
		return stdFunc{}, false
	}
	sig := fn.Type().(*types.Signature)
	if sig.Recv() != nil || sig.Params().Len() != 1 || sig.Results().Len() != 1 || sig.Variadic() ||
		!types.Identical(sig.Params().At(0).Type(), sig.Results().At(0).Type()) {
		return stdFunc{}, false
	}
	return stdFunc{path: fn.Pkg().Path(), name: fn.Name()}, true
}

// importName is the name this file imports path under, or "".
func (f *finder) importName(path string) string {
	for _, im := range f.file.Imports {
		p, _ := strconv.Unquote(im.Path.Value)
		if p != path {
			continue
		}
		if im.Name != nil {
			if im.Name.Name == "_" || im.Name.Name == "." {
				return ""
			}
			return im.Name.Name
		}
		if pn, ok := f.info.Implicits[im].(*types.PkgName); ok {
			return pn.Name()
		}
	}
	return ""
}

// swap makes a site swapping each pair of neighbouring arguments of one
// type that are plain values (names, fields, literals).
func (f *finder) swap(c *ast.CallExpr) {
	if tv, ok := f.info.Types[c.Fun]; ok && tv.IsType() {
		return // a conversion
	}
	for i := 0; i+1 < len(c.Args); i++ {
		a, b := c.Args[i], c.Args[i+1]
		ta, tb := f.typeOf(a), f.typeOf(b)
		if ta == nil || tb == nil || !types.Identical(ta, tb) || !pure(a) || !pure(b) || f.constant(a) && f.constant(b) {
			continue
		}
		as, bs := f.text(a), f.text(b)
		fix := f.text(c)
		rel := func(n ast.Node) int { return f.off(n.Pos()) - f.off(c.Pos()) }
		fix = fix[:rel(a)] + bs + fix[rel(a)+len(as):rel(b)] + as + fix[rel(b)+len(bs):]
		s := f.newSite(c, Variant{Family: "swap", Desc: "swapping `" + as + "` and `" + bs + "`", Fix: fix})
		id := strconv.Itoa(s.Variants[0].ID)
		d := (len(f.stack)+1)*8 - 1 // outside any site on the arguments themselves
		s.pieces = append(s.pieces,
			piece{off: f.off(a.Pos()), end: f.off(a.Pos()), text: "_sleuthPick(" + id + ", ", class: 2, depth: d, site: s},
			piece{off: f.off(a.End()), end: f.off(a.End()), text: ", " + bs + ")", class: 0, depth: d, site: s},
			piece{off: f.off(b.Pos()), end: f.off(b.Pos()), text: "_sleuthPick(" + id + ", ", class: 2, depth: d, site: s},
			piece{off: f.off(b.End()), end: f.off(b.End()), text: ", " + as + ")", class: 0, depth: d, site: s})
	}
}

// pure reports whether evaluating e twice is the same as once: names,
// literals and fields of them.
func pure(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.Ident, *ast.BasicLit:
		return true
	case *ast.SelectorExpr:
		return pure(x.X)
	case *ast.ParenExpr:
		return pure(x.X)
	}
	return false
}

func oneLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + "…"
	}
	return s
}
