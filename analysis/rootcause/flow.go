package rootcause

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strings"
)

// This file follows a wrong value (not a nil: a number, a string, a slice
// in the wrong order) back to the code that computed it. It serves failed
// checks (check.go) and custom panics whose guard rejected an input.
//
// The walk goes into the functions that returned the value, back through
// local variables, parameters (to the call that passed them), struct fields
// (to every write and every in-place change) and package variables, bounded
// by maxDepth. Every line it passes is a candidate; lines with a shape that
// is a known way to compute a wrong value (shapes.go) score higher, and so
// does the call that brought in a literal equal to the wrong value observed
// at runtime.

// fctx is where the walk stands: a function and how it was entered.
type fctx struct {
	fn    ast.Node // nil for package-level initialisers
	fi    *fileInfo
	frame int    // index in tracer.frames when fn is on the failing stack, else -1
	from  *fcall // the call that entered fn, when known
	depth int
	// hops are the calls crossed from an argument into a parameter,
	// innermost last: the places where a value changed hands.
	hops []hop
}

type fcall struct {
	call   *ast.CallExpr
	caller *fctx
}

type hop struct {
	pos  token.Pos
	fn   ast.Node
	text string
}

// filter narrows a struct to some fields or a map to some keys ("key:" +
// the key); nil keeps everything.
type filter map[string]bool

func (w filter) key() string {
	var ks []string
	for k := range w {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ",")
}

func (w filter) keeps(name string) bool { return w == nil || w[name] }

// flow is one walk.
type flow struct {
	t *tracer
	// wrong holds the wrong values observed at runtime, as scalars;
	// zeroWrong is set when a wrong value is a zero value (0, "", false).
	wrong     map[string]bool
	zeroWrong bool
	seen      map[string]bool
	// callers indexes call sites by callee, built on first use.
	callers map[*types.Func][]callSite
	// selfAppend marks appends assigned back to their own first argument.
	selfAppend map[*ast.CallExpr]bool
}

type callSite struct {
	call *ast.CallExpr
	fn   ast.Node
	fi   *fileInfo
}

func newFlow(t *tracer) *flow {
	return &flow{t: t, wrong: map[string]bool{}, seen: map[string]bool{}, selfAppend: map[*ast.CallExpr]bool{}}
}

// candidate records a line the value passed through.
func (f *flow) candidate(c *fctx, pos token.Pos, reason string, score float64, evidence ...string) {
	bonus := 0.03 * float64(c.depth)
	if bonus > 0.12 {
		bonus = 0.12
	}
	f.t.suspect(pos, c.fn, reason, score+bonus, evidence...)
}

// enterCtx is the context of fn entered through call from c.
func (f *flow) enterCtx(c *fctx, decl ast.Node, call *ast.CallExpr) *fctx {
	fi := f.t.p.fileOf(decl.Pos())
	if fi == nil {
		return nil
	}
	return &fctx{fn: decl, fi: fi, frame: -1, from: &fcall{call: call, caller: c}, depth: c.depth + 1, hops: c.hops}
}

// visit marks key as followed and enters the trace budget: false when key
// was followed already or the budget is spent. After true, the caller
// leaves the budget when done (defer f.t.budget.leave()).
func (f *flow) visit(key string) bool {
	if f.seen[key] || !f.t.budget.enter() {
		return false
	}
	f.seen[key] = true
	return true
}

// expr follows where the value of e came from.
func (f *flow) expr(c *fctx, e ast.Expr, want filter) {
	if e == nil || c == nil || c.fi == nil || c.depth > maxDepth {
		return
	}
	key := fmt.Sprintf("%d-%d|%s", e.Pos(), e.End(), want.key())
	if !f.visit(key) {
		return
	}
	defer f.t.budget.leave()
	info := c.fi.info
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		f.literal(c, e, tv.Value)
		return
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		f.call(c, x, want)
	case *ast.Ident:
		f.ident(c, x, want)
	case *ast.SelectorExpr:
		f.selector(c, x, want)
	case *ast.CompositeLit:
		f.composite(c, x, want)
	case *ast.BinaryExpr:
		bonus, why := binaryShape(info, x)
		reason := "computes " + types.ExprString(x)
		if why != "" {
			reason = why
		}
		f.candidate(c, x.Pos(), reason, 0.4+bonus)
		f.expr(c, x.X, nil)
		f.expr(c, x.Y, nil)
	case *ast.UnaryExpr:
		f.expr(c, x.X, want)
	case *ast.StarExpr:
		f.expr(c, x.X, want)
	case *ast.TypeAssertExpr:
		f.expr(c, x.X, want)
	case *ast.SliceExpr:
		f.expr(c, x.X, nil)
	case *ast.IndexExpr:
		if _, isMap := typeUnder(info.TypeOf(x.X)).(*types.Map); isMap {
			if f.zeroWrong {
				why := types.ExprString(x) + " gives the zero value when the key is missing, and the wrong value is a zero value"
				if k := keyTransform(info, x.Index); k != "" {
					why += "; the key goes through " + k + " first"
				}
				f.candidate(c, x.Pos(), why, 0.7)
			}
			if k, ok := f.known(c, x.Index); ok {
				f.expr(c, x.X, filter{"key:" + k: true})
			} else {
				f.expr(c, x.X, nil)
			}
			f.expr(c, x.Index, nil)
			return
		}
		f.expr(c, x.X, nil)
		f.expr(c, x.Index, nil)
	}
}

// known returns the value of e when it is a constant or a variable whose
// runtime value the frame holds.
func (f *flow) known(c *fctx, e ast.Expr) (string, bool) {
	if tv, ok := c.fi.info.Types[e]; ok && tv.Value != nil {
		return constString(tv.Value), true
	}
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok || c.frame < 0 || c.frame >= len(f.t.frames) {
		return "", false
	}
	if v, ok := varValue(f.t.frames[c.frame], id.Name); ok {
		return scalar(v)
	}
	return "", false
}

// literal checks a constant against the wrong values: a match means the
// wrong value was written down here, and the last call that handed it on
// is where it went astray.
func (f *flow) literal(c *fctx, e ast.Expr, v constant.Value) {
	s := constString(v)
	if !distinctive(s) {
		return
	}
	for w := range f.wrong {
		if !sameScalar(s, w) {
			continue
		}
		f.candidate(c, e.Pos(), "the wrong value "+w+" is this literal", 0.55)
		if n := len(c.hops); n > 0 {
			h := c.hops[n-1]
			f.t.suspect(h.pos, h.fn, h.text+", which carries the wrong value "+w+" (the literal at "+f.t.where(e.Pos())+")", 0.93)
		}
		return
	}
}

// ident follows a variable: a parameter to its argument, a local to its
// assignments, a package variable to its initialiser.
func (f *flow) ident(c *fctx, id *ast.Ident, want filter) {
	v, ok := c.fi.info.ObjectOf(id).(*types.Var)
	if !ok || v.Pkg() == nil {
		return
	}
	if v.Parent() == v.Pkg().Scope() {
		f.global(c, v, want)
		return
	}
	if c.fn == nil {
		return
	}
	if pi := paramIndex(c.fi.info, c.fn, v); pi != -2 {
		// Changed in place here (sorted, written into) or passed on.
		ast.Inspect(bodyOf(c.fn), func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				f.passedTo(c, call, func(a ast.Expr) bool { return objOf(c.fi.info, a) == v })
			}
			return true
		})
		f.param(c, pi, v.Name(), want)
		return
	}
	f.local(c, v, want)
}

// global follows a package variable to its initialiser.
func (f *flow) global(c *fctx, v *types.Var, want filter) {
	for _, name := range sortedKeys(f.t.p.files) {
		fi := f.t.p.files[name]
		for _, d := range fi.ast.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if fi.info.Defs[n] == v && i < len(vs.Values) {
						gc := &fctx{fi: fi, frame: -1, depth: c.depth + 1, hops: c.hops}
						f.expr(gc, vs.Values[i], want)
					}
				}
			}
		}
	}
}

// param continues at the argument the call passed for parameter pi (-1:
// the receiver): the known call, the caller's frame, or every call site.
func (f *flow) param(c *fctx, pi int, name string, want filter) {
	if c.from != nil {
		f.viaCall(c.from.caller, c.from.call, c.fn, pi, name, want)
		return
	}
	if c.frame >= 0 && c.frame+1 < len(f.t.frames) {
		cf := f.t.frames[c.frame+1]
		fn, fi := f.t.p.funcAt(cf.File, cf.Line)
		if fn == nil {
			return
		}
		cc := &fctx{fn: fn, fi: fi, frame: c.frame + 1, depth: c.depth + 1, hops: c.hops}
		for _, n := range f.t.nodesAt(fn, cf.Line) {
			if call, ok := n.(*ast.CallExpr); ok && sameCallee(call, funcName(c.fn)) {
				f.viaCall(cc, call, c.fn, pi, name, want)
				return
			}
		}
		return
	}
	decl, ok := c.fn.(*ast.FuncDecl)
	if !ok {
		return
	}
	fn, _ := c.fi.info.Defs[decl.Name].(*types.Func)
	sites := f.callSitesOf(fn)
	if len(sites) > 4 {
		sites = sites[:4]
	}
	for _, s := range sites {
		cc := &fctx{fn: s.fn, fi: s.fi, frame: -1, depth: c.depth + 1, hops: c.hops}
		f.viaCall(cc, s.call, c.fn, pi, name, want)
	}
}

// viaCall follows the argument call passes for parameter pi of callee.
func (f *flow) viaCall(caller *fctx, call *ast.CallExpr, callee ast.Node, pi int, name string, want filter) {
	var arg ast.Expr
	switch {
	case pi == -1:
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			arg = sel.X
		}
	case pi < len(call.Args):
		arg = call.Args[pi]
	}
	if arg == nil {
		return
	}
	text := "passes " + types.ExprString(arg) + " as " + name + " to " + funcName(callee)
	score := 0.3
	if crossed := crossedParams(caller, call); crossed != "" {
		text, score = crossed, 0.75
	}
	next := *caller
	next.hops = append(append([]hop{}, caller.hops...), hop{pos: call.Pos(), fn: caller.fn, text: text})
	f.candidate(caller, call.Pos(), text, score)
	f.expr(&next, arg, want)
}

// callSitesOf lists the calls of fn in the loaded packages.
func (f *flow) callSitesOf(fn *types.Func) []callSite {
	if fn == nil {
		return nil
	}
	if f.callers == nil {
		f.callers = map[*types.Func][]callSite{}
		for name, fi := range f.t.p.files {
			ast.Inspect(fi.ast, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				if cf := calleeFunc(fi.info, call); cf != nil {
					encl, _ := f.t.p.funcAt(name, f.t.p.line(call.Pos()))
					f.callers[cf] = append(f.callers[cf], callSite{call: call, fn: encl, fi: fi})
				}
				return true
			})
		}
		for _, list := range f.callers {
			sort.Slice(list, func(i, j int) bool { return list[i].call.Pos() < list[j].call.Pos() })
		}
	}
	return f.callers[fn]
}

// crossedParams reports a call that hands on two of the caller's own
// parameters of the same type in the opposite order from the one it
// received them in, Pay(payer, payee) calling move(payee, payer): the
// classic swapped arguments. It returns the reason, or "".
func crossedParams(caller *fctx, call *ast.CallExpr) string {
	if caller.fn == nil {
		return ""
	}
	info := caller.fi.info
	type seen struct {
		pos int // the caller's parameter index
		arg ast.Expr
	}
	var got []seen
	for _, a := range call.Args {
		if v := objOf(info, a); v != nil {
			if pi := paramIndex(info, caller.fn, v); pi >= 0 {
				got = append(got, seen{pi, a})
			}
		}
	}
	for i := range got {
		for j := i + 1; j < len(got); j++ {
			a, b := got[i], got[j]
			if a.pos > b.pos && types.Identical(info.TypeOf(a.arg), info.TypeOf(b.arg)) {
				return "passes " + types.ExprString(a.arg) + " and " + types.ExprString(b.arg) + " to " +
					types.ExprString(call.Fun) + " in the opposite order from the one " + funcName(caller.fn) + " received them in"
			}
		}
	}
	return ""
}

// keyTransform names a function that rewrites a map key before the
// lookup (strings.ToLower and the like), or "".
func keyTransform(info *types.Info, key ast.Expr) string {
	name := ""
	ast.Inspect(key, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if fn := calleeFunc(info, call); fn != nil && fn.Pkg() != nil && (fn.Pkg().Path() == "strings" || fn.Pkg().Path() == "bytes") {
				name = fn.Pkg().Name() + "." + fn.Name()
			}
		}
		return name == ""
	})
	return name
}
