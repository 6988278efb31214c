package rootcause

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// site is a place in the traced program: a function, its file and a line
// (the crash line, or a call site up the stack), with the index of the user
// frame it stands for (-1 when it is off the stack).
type site struct {
	fn    ast.Node
	fi    *fileInfo
	line  int
	frame int
	// from is the call that led into fn when fn is off the stack: its
	// parameters' values are that call's arguments.
	from *callCtx
}

type callCtx struct {
	call   *ast.CallExpr
	caller site
}

// key names the chain of calls that led into a site off the stack, the
// innermost first: "" for none.
func (c *callCtx) key() string {
	var b strings.Builder
	for ; c != nil; c = c.caller.from {
		fmt.Fprintf(&b, "%d@%d<", c.call.Pos(), c.caller.frame)
	}
	return b.String()
}

// originKey is one value origin follows: an expression, for a kind of
// value, at a site (its line and frame, and the calls that entered it when
// it is off the stack). Two walks with the same key find the same
// suspects, so the key is followed once from the least depth it is
// reached at: a cycle (a field assigned from itself, directly or through
// other fields) reaches it again, deeper, and ends there.
type originKey struct {
	pos, end    token.Pos
	what        string
	line, frame int
	from        string
}

// origin follows where the value of e (nil, or a bad index) came from,
// recording suspects on the way. what names the kind of value for reasons.
func (t *tracer) origin(s site, e ast.Expr, what string, depth int) {
	if e == nil || depth > maxDepth || s.fn == nil {
		return
	}
	k := originKey{pos: e.Pos(), end: e.End(), what: what, line: s.line, frame: s.frame, from: s.from.key()}
	if d, seen := t.visited[k]; seen && d <= depth {
		return
	}
	if !t.budget.enter() {
		return
	}
	defer t.budget.leave()
	t.visited[k] = depth
	info := s.fi.info
	switch x := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		if id, ok := ast.Unparen(x.Fun).(*ast.Ident); ok {
			if _, builtin := info.Uses[id].(*types.Builtin); builtin && (id.Name == "min" || id.Name == "max") {
				for _, a := range x.Args {
					t.origin(s, a, what, depth+1)
				}
				return
			}
		}
		if tv, ok := info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
			t.origin(s, x.Args[0], what, depth+1) // a conversion
			return
		}
		t.calleeReturns(s, x, what, 0.6, depth)
		return
	case *ast.IndexExpr:
		if _, ok := info.TypeOf(x.X).Underlying().(*types.Map); ok && what != "nil" {
			t.mapStores(objOf(info, x.X), what, depth)
			return
		}
		if _, ok := info.TypeOf(x.X).Underlying().(*types.Map); ok {
			t.suspect(x.Pos(), s.fn, "map lookup "+types.ExprString(x)+" gives the zero value ("+what+") for a missing key", 0.85)
			return
		}
	case *ast.SelectorExpr:
		if v := objOf(info, x); v != nil && v.IsField() {
			t.fieldNeverSet(s, x, v, what, depth)
			return
		}
	case *ast.BinaryExpr:
		if offByOne(x) {
			t.suspect(x.Pos(), s.fn, "computes "+types.ExprString(x)+": the ±1 makes the value "+what, 0.86)
			return
		}
		if x.Op == token.QUO || x.Op == token.ADD || x.Op == token.SUB || x.Op == token.MUL {
			t.suspect(x.Pos(), s.fn, "computes "+types.ExprString(x), 0.5)
			t.origin(s, x.X, what, depth+1)
			t.origin(s, x.Y, what, depth+1)
			return
		}
	}
	v := objOf(info, e)
	if v == nil {
		return
	}
	if pi := paramIndex(info, s.fn, v); pi != -2 {
		if s.frame < 0 && s.from != nil {
			t.fromCall(s.from, pi, what, depth)
			return
		}
		t.fromCaller(s, pi, types.ExprString(e), what, depth)
		return
	}
	if what == "zero" {
		t.zeroGuards(s, v)
	}
	t.lastAssignment(s, v, types.ExprString(e), what, depth)
}

// lastAssignment finds the last statement before s.line that gave the local
// v its value, and judges it.
func (t *tracer) lastAssignment(s site, v *types.Var, name, what string, depth int) {
	info := s.fi.info
	var bestStmt ast.Node
	var rhs ast.Expr
	var rhsIndex, nLHS int
	loopInit := map[ast.Node]bool{}
	ast.Inspect(bodyOf(s.fn), func(n ast.Node) bool {
		if n == nil || t.p.line(n.Pos()) > s.line || loopInit[n] {
			return false
		}
		switch x := n.(type) {
		case *ast.AssignStmt:
			for i, l := range x.Lhs {
				if objOf(info, l) == v && t.p.line(x.Pos()) <= s.line {
					bestStmt, nLHS, rhsIndex = x, len(x.Lhs), i
					if len(x.Rhs) == len(x.Lhs) {
						rhs = x.Rhs[i]
					} else {
						rhs = x.Rhs[0]
					}
				}
			}
		case *ast.ValueSpec:
			for i, n := range x.Names {
				if info.Defs[n] == v {
					bestStmt, nLHS, rhsIndex, rhs = x, len(x.Names), i, nil
					if i < len(x.Values) {
						rhs = x.Values[i]
					} else if len(x.Values) == 1 {
						rhs = x.Values[0]
					}
				}
			}
		case *ast.RangeStmt:
			if objOf(info, x.Key) == v || (x.Value != nil && objOf(info, x.Value) == v) {
				bestStmt, rhs = x, nil
			}
		case *ast.ForStmt:
			if a, ok := x.Init.(*ast.AssignStmt); ok && len(a.Lhs) == 1 && objOf(info, a.Lhs[0]) == v {
				bestStmt, rhs = x, nil
				loopInit[a] = true
			}
		}
		return true
	})
	if bestStmt == nil {
		return
	}
	switch st := bestStmt.(type) {
	case *ast.ValueSpec:
		if rhs == nil {
			t.suspect(st.Pos(), s.fn, name+" is declared here and never assigned, so it stays "+what, 0.8)
			return
		}
	case *ast.ForStmt:
		t.loopBound(s, st, name, depth)
		return
	case *ast.RangeStmt:
		return
	}
	call, isCall := ast.Unparen(rhs).(*ast.CallExpr)
	if isCall && nLHS > 1 {
		if t.errorDiscarded(s, bestStmt, call) {
			t.suspect(bestStmt.Pos(), s.fn, "the error returned by "+types.ExprString(call.Fun)+" is not checked before "+name+" is used", 0.92,
				name+" is "+what+" at "+t.where(bestStmt.Pos()))
			t.calleeReturnsAt(s, call, rhsIndex, what, 0.45, depth)
			return
		}
		t.calleeReturnsAt(s, call, rhsIndex, what, 0.6, depth)
		return
	}
	if rhs != nil {
		t.suspect(bestStmt.Pos(), s.fn, name+" gets its value here", 0.35)
		t.origin(s, rhs, what, depth+1)
	}
}

// errorDiscarded reports whether the error result of call, assigned in st,
// is dropped (to _) or never checked afterwards.
func (t *tracer) errorDiscarded(s site, st ast.Node, call *ast.CallExpr) bool {
	a, ok := st.(*ast.AssignStmt)
	if !ok {
		return false
	}
	info := s.fi.info
	for _, l := range a.Lhs {
		id, ok := l.(*ast.Ident)
		if !ok {
			continue
		}
		tv := info.TypeOf(l)
		if id.Name == "_" {
			if sig, ok := info.TypeOf(call.Fun).(*types.Signature); ok {
				res := sig.Results()
				if res.Len() == len(a.Lhs) && isError(res.At(indexOf(a.Lhs, l)).Type()) {
					return true
				}
			}
			continue
		}
		if tv != nil && isError(tv) {
			used := false
			obj := info.ObjectOf(id)
			ast.Inspect(bodyOf(s.fn), func(n ast.Node) bool {
				if u, ok := n.(*ast.Ident); ok && u != id && info.Uses[u] == obj && u.Pos() > a.End() {
					used = true
				}
				return !used
			})
			return !used
		}
	}
	return false
}

func indexOf(list []ast.Expr, e ast.Expr) int {
	for i, x := range list {
		if x == e {
			return i
		}
	}
	return 0
}

func isError(t types.Type) bool {
	return t != nil && types.Identical(t, types.Universe.Lookup("error").Type())
}

// calleeReturns suspects the return statements of call's callee.
func (t *tracer) calleeReturns(s site, call *ast.CallExpr, what string, score float64, depth int) {
	t.calleeReturnsAt(s, call, 0, what, score, depth)
}

// calleeReturnsAt follows what call's callee returns as its result idx:
// nil literals are suspects (more so with a nil error beside them), typed
// nil pointers returned as interfaces are suspects, and any other returned
// expression is traced inside the callee.
func (t *tracer) calleeReturnsAt(s site, call *ast.CallExpr, idx int, what string, score float64, depth int) {
	fn := calleeFunc(s.fi.info, call)
	if fn == nil || depth > maxDepth {
		return
	}
	if impls := t.p.implementations(fn); len(impls) > 0 {
		for _, impl := range impls {
			t.returnsOf(s, call, impl, idx, what, score, depth)
		}
		return
	}
	t.returnsOf(s, call, fn, idx, what, score, depth)
}

// returnsOf follows the return statements of fn, called at call.
func (t *tracer) returnsOf(s site, call *ast.CallExpr, fn *types.Func, idx int, what string, score float64, depth int) {
	decl := t.p.funcs[fn]
	if decl == nil || decl.Body == nil {
		return
	}
	fi := t.p.fileOf(decl.Pos())
	if fi == nil {
		return
	}
	sig, _ := fn.Type().(*types.Signature)
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		r, ok := n.(*ast.ReturnStmt)
		if !ok || idx >= len(r.Results) {
			return true
		}
		res := ast.Unparen(r.Results[idx])
		if isNilIdent(res) {
			sc, why := score, fn.Name()+" returns nil here"
			if nilErrorBeside(r, idx, sig) {
				sc, why = score+0.25, fn.Name()+" returns nil and a nil error here, so callers that check the error still get nil"
			}
			t.suspect(r.Pos(), decl, why, sc, "called at "+t.where(call.Pos()))
			return true
		}
		if sig != nil && idx < sig.Results().Len() && what == "nil" {
			if _, isIface := sig.Results().At(idx).Type().Underlying().(*types.Interface); isIface {
				if _, isPtr := fi.info.TypeOf(res).(*types.Pointer); isPtr {
					t.suspect(r.Pos(), decl, fn.Name()+" returns the pointer "+types.ExprString(res)+" as an interface: when it is nil the interface is not", 0.88, "called at "+t.where(call.Pos()))
					return true
				}
			}
		}
		t.origin(site{fn: decl, fi: fi, line: t.p.line(r.Pos()), frame: -1, from: &callCtx{call: call, caller: s}}, res, what, depth+1)
		return true
	})
}

func isNilIdent(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "nil"
}

// nilErrorBeside reports whether a return statement also returns a nil
// error.
func nilErrorBeside(r *ast.ReturnStmt, idx int, sig *types.Signature) bool {
	if sig == nil || sig.Results().Len() != len(r.Results) {
		return false
	}
	for i, e := range r.Results {
		if i != idx && isError(sig.Results().At(i).Type()) && isNilIdent(ast.Unparen(e)) {
			return true
		}
	}
	return false
}

// calleeFunc resolves the function a call invokes, statically.
func calleeFunc(info *types.Info, call *ast.CallExpr) *types.Func {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		fn, _ := info.Uses[f].(*types.Func)
		return fn
	case *ast.SelectorExpr:
		if sel := info.Selections[f]; sel != nil {
			fn, _ := sel.Obj().(*types.Func)
			return fn
		}
		fn, _ := info.Uses[f.Sel].(*types.Func)
		return fn
	}
	return nil
}

// fromCaller continues at the call site one frame up: the argument passed
// for parameter pi (-1: the receiver).
func (t *tracer) fromCaller(s site, pi int, name, what string, depth int) {
	if s.frame < 0 || s.frame+1 >= len(t.frames) {
		return
	}
	cf := t.frames[s.frame+1]
	fn, fi := t.p.funcAt(cf.File, cf.Line)
	if fn == nil {
		return
	}
	callee := funcName(s.fn)
	cs := site{fn: fn, fi: fi, line: cf.Line, frame: s.frame + 1}
	for _, n := range t.nodesAt(fn, cf.Line) {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			continue
		}
		var arg ast.Expr
		switch {
		case pi == -1:
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				arg = sel.X
			}
		case pi < len(call.Args):
			arg = call.Args[pi]
		}
		if arg == nil || !sameCallee(call, callee) {
			continue
		}
		t.suspect(call.Pos(), fn, "passes "+types.ExprString(arg)+" ("+what+") as "+name+" to "+callee, 0.3)
		t.origin(cs, arg, what, depth+1)
		return
	}
}

// sameCallee reports whether call calls a function named like callee
// ("Store.Fetch" or "Fetch").
func sameCallee(call *ast.CallExpr, callee string) bool {
	name := callee
	if i := lastDot(callee); i >= 0 {
		name = callee[i+1:]
	}
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return f.Name == name
	case *ast.SelectorExpr:
		return f.Sel.Name == name
	}
	return false
}

func lastDot(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '.' {
			return i
		}
	}
	return -1
}

// fieldNeverSet suspects the composite literals that build the field's
// struct without setting it (a constructor bypassed), and assignments of
// nil to it, and follows what those assignments assign, one step deeper
// than the field: the right-hand side is often another field, or the same
// one (prev.next = cur.next), and the depth and origin's visited set end
// that cycle.
func (t *tracer) fieldNeverSet(s site, sel *ast.SelectorExpr, field *types.Var, what string, depth int) {
	owner := namedOf(s.fi.info.TypeOf(sel.X))
	found := false
	if owner != nil {
		for _, lit := range t.p.lits[owner] {
			if setsField(lit, field.Name()) {
				continue
			}
			fi := t.p.fileOf(lit.Pos())
			fn := ast.Node(nil)
			if fi != nil {
				fn, _ = t.p.funcAt(absPath(t.p.fset.Position(lit.Pos()).Filename), t.p.line(lit.Pos()))
			}
			t.suspect(lit.Pos(), fn, owner.Name()+" is built here without "+field.Name()+", which stays "+what, 0.8,
				types.ExprString(sel)+" is "+what+" at "+t.where(sel.Pos()))
			found = true
		}
	}
	for _, a := range t.fieldAssignments(field) {
		if t.followFieldAssign(a, field, what) {
			found = true
			continue
		}
		if isNilIdent(ast.Unparen(a.rhs)) {
			t.suspect(a.pos, a.fn, field.Name()+" is set to nil here", 0.7)
		} else {
			t.suspect(a.pos, a.fn, field.Name()+" is set here", 0.4)
		}
		if recv := copiedReceiver(a); recv != "" {
			t.suspect(a.pos, a.fn, field.Name()+" is set on a copy: "+funcName(a.fn)+" has a value receiver, so the caller's "+recv+" keeps "+what, 0.9)
		}
		if cond := onlyWhen(a); cond != nil && !mentions(cond, field.Name()) { // not lazy initialisation
			t.suspect(cond.Pos(), a.fn, field.Name()+" is set only when "+types.ExprString(cond)+" (at "+t.where(a.pos)+"); otherwise it stays "+what, 0.84)
		}
		t.origin(site{fn: a.fn, fi: a.fi, line: t.p.line(a.pos), frame: -1}, a.rhs, what, depth+1)
		found = true
	}
	if !found && owner != nil {
		if tag := fieldTag(owner, field); tag != "" {
			t.suspect(field.Pos(), nil, field.Name()+" is only ever set by decoding (tag "+tag+"): the input has no matching key, so it stays "+what, 0.8)
			found = true
		}
	}
	if !found {
		t.origin(s, sel.X, what, maxDepth)
	}
}

// fieldAssign is one "x.f = rhs" statement.
type fieldAssign struct {
	tuple *ast.AssignStmt // set for "x.f, err = call()"
	pos   token.Pos
	rhs   ast.Expr
	fn    ast.Node
	fi    *fileInfo
}

// fieldAssignments lists the statements that assign to field anywhere in
// the loaded packages, in file order. The list is kept: a trace asks for
// the same field again and again (every selector of it, every cycle).
func (t *tracer) fieldAssignments(field *types.Var) []fieldAssign {
	if out, ok := t.assigns[field]; ok {
		return out
	}
	var out []fieldAssign
	for _, name := range sortedKeys(t.p.files) {
		fi := t.p.files[name]
		ast.Inspect(fi.ast, func(n ast.Node) bool {
			if kv, ok := n.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok && fi.info.Uses[id] == field {
					fn, _ := t.p.funcAt(name, t.p.line(kv.Pos()))
					out = append(out, fieldAssign{pos: kv.Pos(), rhs: kv.Value, fn: fn, fi: fi})
				}
				return true
			}
			a, ok := n.(*ast.AssignStmt)
			if !ok {
				return true
			}
			if len(a.Lhs) > 1 && len(a.Rhs) == 1 {
				for _, l := range a.Lhs {
					if objOf(fi.info, l) == field {
						fn, _ := t.p.funcAt(name, t.p.line(a.Pos()))
						out = append(out, fieldAssign{pos: a.Pos(), rhs: a.Rhs[0], fn: fn, fi: fi, tuple: a})
					}
				}
				return true
			}
			if len(a.Lhs) != len(a.Rhs) {
				return true
			}
			for i, l := range a.Lhs {
				if objOf(fi.info, l) == field {
					fn, _ := t.p.funcAt(name, t.p.line(a.Pos()))
					out = append(out, fieldAssign{pos: a.Pos(), rhs: a.Rhs[i], fn: fn, fi: fi})
				}
			}
			return true
		})
	}
	t.assigns[field] = out
	return out
}

// fieldTag returns the struct tag of field in the struct named owner.
func fieldTag(owner *types.TypeName, field *types.Var) string {
	st, ok := owner.Type().Underlying().(*types.Struct)
	if !ok {
		return ""
	}
	for i := range st.NumFields() {
		if st.Field(i) == field {
			return st.Tag(i)
		}
	}
	return ""
}

// setsField reports whether a keyed or positional literal sets name.
func setsField(lit *ast.CompositeLit, name string) bool {
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			return true // positional: every field is set
		}
		if id, ok := kv.Key.(*ast.Ident); ok && id.Name == name {
			return true
		}
	}
	return false
}

// loopBound suspects a for loop whose condition lets its index reach the
// length (i <= len(x), i < n+1), and follows the bound a step deeper (at
// least 2: a bound is a weaker trail than the value itself).
func (t *tracer) loopBound(s site, f *ast.ForStmt, name string, depth int) {
	score, reason := 0.6, "the loop computes "+name+" here"
	b, ok := f.Cond.(*ast.BinaryExpr)
	if ok && (b.Op == token.LEQ || b.Op == token.GEQ) {
		score, reason = 0.9, "the loop condition "+types.ExprString(b)+" lets "+name+" reach the bound (off by one)"
	}
	t.suspect(f.Pos(), s.fn, reason, score)
	if ok && (b.Op == token.LSS || b.Op == token.GTR) {
		t.origin(s, b.Y, "too large", max(depth+1, 2))
	}
}

// offByOne reports arithmetic with a literal 1 (x+1, len(s)-1 is not: only
// additions push an index past the end).
func offByOne(b *ast.BinaryExpr) bool {
	if b.Op != token.ADD {
		return false
	}
	for _, e := range []ast.Expr{b.X, b.Y} {
		if lit, ok := ast.Unparen(e).(*ast.BasicLit); ok && lit.Value == "1" {
			return true
		}
	}
	return false
}

// mapStores follows the values stored into the map m ("m[k] = v").
func (t *tracer) mapStores(m *types.Var, what string, depth int) {
	if m == nil {
		return
	}
	mt := m.Type()
	for _, name := range sortedKeys(t.p.files) {
		fi := t.p.files[name]
		ast.Inspect(fi.ast, func(n ast.Node) bool {
			a, ok := n.(*ast.AssignStmt)
			if !ok || len(a.Lhs) != len(a.Rhs) {
				return true
			}
			for i, l := range a.Lhs {
				// The same map often travels under other names (returned,
				// passed): match stores into any map of the same type.
				if ix, ok := l.(*ast.IndexExpr); ok && (objOf(fi.info, ix.X) == m || types.Identical(fi.info.TypeOf(ix.X), mt)) {
					fn, _ := t.p.funcAt(name, t.p.line(a.Pos()))
					t.suspect(a.Pos(), fn, "stores the value later used as an index", 0.45)
					t.origin(site{fn: fn, fi: fi, line: t.p.line(a.Pos()), frame: -1}, a.Rhs[i], what, depth+1)
				}
			}
			return true
		})
	}
}

// boundGuards suspects comparisons of obj with a length: the guards that
// should have kept an index or bound in range. Comparisons that admit the
// length itself (i > len(s) instead of >=, i <= len(s)) rank highest.
func (t *tracer) boundGuards(obj *types.Var) {
	if obj == nil {
		return
	}
	for name, fi := range t.p.files {
		ast.Inspect(fi.ast, func(n ast.Node) bool {
			b, ok := n.(*ast.BinaryExpr)
			if !ok || !isComparison(b.Op) {
				return true
			}
			var other ast.Expr
			op := b.Op
			switch {
			case objOf(fi.info, b.X) == obj:
				other = b.Y
			case objOf(fi.info, b.Y) == obj:
				other, op = b.X, flip(b.Op)
			default:
				return true
			}
			if !isLenCall(other) && !isCapCall(other) {
				return true
			}
			fn, _ := t.p.funcAt(name, t.p.line(b.Pos()))
			if op == token.GTR || op == token.LEQ {
				t.suspect(b.Pos(), fn, "the guard "+types.ExprString(b)+" lets "+obj.Name()+" equal the length (off by one)", 0.88)
			} else {
				t.suspect(b.Pos(), fn, "guards "+obj.Name()+" against the length", 0.55)
			}
			return true
		})
	}
}

func isComparison(op token.Token) bool {
	switch op {
	case token.LSS, token.GTR, token.LEQ, token.GEQ:
		return true
	}
	return false
}

// flip mirrors a comparison so obj stands on the left.
func flip(op token.Token) token.Token {
	switch op {
	case token.LSS:
		return token.GTR
	case token.GTR:
		return token.LSS
	case token.LEQ:
		return token.GEQ
	case token.GEQ:
		return token.LEQ
	}
	return op
}

func isLenCall(e ast.Expr) bool {
	c, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	id, ok := c.Fun.(*ast.Ident)
	return ok && id.Name == "len"
}

func isCapCall(e ast.Expr) bool {
	c, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	id, ok := c.Fun.(*ast.Ident)
	return ok && id.Name == "cap"
}

// fromCall continues with the argument a known call passed for parameter
// pi (-1: the receiver).
func (t *tracer) fromCall(c *callCtx, pi int, what string, depth int) {
	var arg ast.Expr
	switch {
	case pi == -1:
		if sel, ok := ast.Unparen(c.call.Fun).(*ast.SelectorExpr); ok {
			arg = sel.X
		}
	case pi < len(c.call.Args):
		arg = c.call.Args[pi]
	}
	if arg != nil {
		t.origin(c.caller, arg, what, depth+1)
	}
}

// zeroGuards suspects checks on v that admit zero where a divisor needs
// more (v >= 0, v > -1).
func (t *tracer) zeroGuards(s site, v *types.Var) {
	ast.Inspect(bodyOf(s.fn), func(n ast.Node) bool {
		b, ok := n.(*ast.BinaryExpr)
		if !ok {
			return true
		}
		if objOf(s.fi.info, b.X) == v && b.Op == token.GEQ {
			if lit, ok := ast.Unparen(b.Y).(*ast.BasicLit); ok && lit.Value == "0" {
				t.suspect(b.Pos(), s.fn, "the check "+types.ExprString(b)+" accepts 0, which is later used as a divisor", 0.88)
			}
		}
		return true
	})
}

// followFieldAssign judges a tuple assignment to a field: a discarded error
// there explains a zero or nil field. It reports whether it handled a.
func (t *tracer) followFieldAssign(a fieldAssign, field *types.Var, what string) bool {
	if a.tuple == nil {
		return false
	}
	call, ok := ast.Unparen(a.rhs).(*ast.CallExpr)
	if !ok {
		return false
	}
	s := site{fn: a.fn, fi: a.fi, line: t.p.line(a.pos), frame: -1}
	if t.errorDiscarded(s, a.tuple, call) {
		t.suspect(a.pos, a.fn, "the error from "+types.ExprString(call.Fun)+" is discarded, so "+field.Name()+" is left "+what+" on bad input", 0.9)
	} else {
		t.suspect(a.pos, a.fn, field.Name()+" is set here", 0.4)
	}
	return true
}

// onlyWhen returns the condition of the innermost if statement (in the
// same function) whose then-branch holds the assignment and which has no
// else: the field is set on that path only.
func onlyWhen(a fieldAssign) ast.Expr {
	var cond ast.Expr
	ast.Inspect(bodyOf(a.fn), func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok && n != a.fn {
			return false
		}
		if ifs, ok := n.(*ast.IfStmt); ok && ifs.Else == nil && ifs.Body.Pos() <= a.pos && a.pos < ifs.Body.End() {
			cond = ifs.Cond
		}
		return true
	})
	return cond
}

// mentions reports whether e selects a field or names a variable called name.
func mentions(e ast.Expr, name string) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.SelectorExpr:
			found = found || x.Sel.Name == name
		case *ast.Ident:
			found = found || x.Name == name
		}
		return !found
	})
	return found
}

// copiedReceiver returns the receiver's type name when a assigns a field
// of a method's value (not pointer) receiver: the write is lost with the
// copy. It returns "" otherwise.
func copiedReceiver(a fieldAssign) string {
	d, ok := a.fn.(*ast.FuncDecl)
	if !ok || d.Recv == nil || len(d.Recv.List) == 0 || len(d.Recv.List[0].Names) == 0 || a.tuple != nil {
		return ""
	}
	if _, isPtr := d.Recv.List[0].Type.(*ast.StarExpr); isPtr {
		return ""
	}
	recv := a.fi.info.Defs[d.Recv.List[0].Names[0]]
	found := false
	ast.Inspect(d.Body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && as.Pos() == a.pos {
			for _, l := range as.Lhs {
				if sel, ok := ast.Unparen(l).(*ast.SelectorExpr); ok {
					if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && recv != nil && a.fi.info.Uses[id] == recv {
						found = true
					}
				}
			}
		}
		return !found
	})
	if !found {
		return ""
	}
	return types.ExprString(d.Recv.List[0].Type)
}
