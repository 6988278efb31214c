package rootcause

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
)

// The steps of a flow walk for each kind of expression.

// call follows a call's result: into the callee for the module's own
// functions, through the operands for everything else.
func (f *flow) call(c *fctx, call *ast.CallExpr, want filter) {
	f.callResult(c, call, 0, want)
}

// callResult follows result idx of call. Functions that return each
// other's results (return odd(n-1), twice over) call it from returns
// without passing through expr: its own depth check and seen key end that
// cycle.
func (f *flow) callResult(c *fctx, call *ast.CallExpr, idx int, want filter) {
	if c == nil || c.fi == nil || c.depth > maxDepth {
		return
	}
	key := fmt.Sprintf("result|%d-%d|%d|%s", call.Pos(), call.End(), idx, want.key())
	if !f.visit(key) {
		return
	}
	defer f.t.budget.leave()
	info := c.fi.info
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() && len(call.Args) == 1 {
		f.expr(c, call.Args[0], want) // a conversion
		return
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if _, builtin := info.Uses[id].(*types.Builtin); builtin {
			if id.Name == "append" && len(call.Args) > 0 && !f.selfAppend[call] {
				if bonus, why := appendShape(info, call); why != "" {
					f.candidate(c, call.Pos(), why, 0.35+bonus)
				}
			}
			for _, a := range call.Args {
				f.expr(c, a, nil)
			}
			return
		}
	}
	fn := calleeFunc(info, call)
	targets := []*types.Func{fn}
	if fn != nil {
		if impls := f.t.p.implementations(fn); len(impls) > 0 {
			targets = impls
		}
	}
	entered := false
	for _, target := range targets {
		if decl := f.t.p.funcs[target]; decl != nil && decl.Body != nil {
			f.candidate(c, call.Pos(), "calls "+target.Name()+", which computes the value", 0.25)
			f.returns(f.enterCtx(c, decl, call), decl, idx, want)
			entered = true
		}
	}
	if entered {
		return
	}
	// Not the module's code: the value comes from the operands.
	if bonus, why := f.callShape(c, call); why != "" {
		f.candidate(c, call.Pos(), why, 0.35+bonus)
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if _, isPkg := info.Uses[identOf(sel.X)].(*types.PkgName); !isPkg {
			f.expr(c, sel.X, nil)
		}
	}
	for _, a := range call.Args {
		if lit, ok := ast.Unparen(a).(*ast.FuncLit); ok {
			f.comparator(c, lit)
			continue
		}
		f.expr(c, a, nil)
	}
}

func identOf(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}

// returns follows the result idx of every return statement of decl.
func (f *flow) returns(c *fctx, decl *ast.FuncDecl, idx int, want filter) {
	if c == nil {
		return
	}
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		r, ok := n.(*ast.ReturnStmt)
		if !ok {
			return true
		}
		switch {
		case len(r.Results) == 0:
			if res := decl.Type.Results; res != nil {
				if id := resultName(res, idx); id != nil {
					f.expr(c, id, want)
				}
			}
		case idx < len(r.Results) && len(r.Results) > 1 || idx == 0 && len(r.Results) == 1:
			e := r.Results[idx]
			if tv, ok := c.fi.info.Types[e]; ok && tv.Value == nil && !isNilIdent(ast.Unparen(e)) {
				f.candidate(c, r.Pos(), funcName(decl)+" returns "+types.ExprString(e), 0.3)
			}
			f.expr(c, e, want)
		case len(r.Results) == 1:
			if call, ok := ast.Unparen(r.Results[0]).(*ast.CallExpr); ok {
				f.callResult(c, call, idx, want)
			}
		}
		return true
	})
}

// resultName is the name of result idx, if results are named.
func resultName(res *ast.FieldList, idx int) *ast.Ident {
	i := 0
	for _, fld := range res.List {
		for _, n := range fld.Names {
			if i == idx {
				return n
			}
			i++
		}
		if len(fld.Names) == 0 {
			i++
		}
	}
	return nil
}

// local follows every statement of c.fn that gives v (or the wanted
// fields or keys of v) its value, and calls that change v in place.
func (f *flow) local(c *fctx, v *types.Var, want filter) {
	info := c.fi.info
	name := v.Name()
	var loops []ast.Node
	var conds []*ast.IfStmt
	ast.Inspect(bodyOf(c.fn), func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.IfStmt:
			conds = append(conds, x)
		case *ast.ForStmt, *ast.RangeStmt:
			loops = append(loops, x)
			if r, ok := x.(*ast.RangeStmt); ok && (objOf(info, r.Key) == v || r.Value != nil && objOf(info, r.Value) == v) {
				f.expr(c, r.X, nil)
			}
		case *ast.AssignStmt:
			for i, l := range x.Lhs {
				if !f.writes(info, l, v, want) {
					continue
				}
				f.candidate(c, x.Pos(), name+" gets its value here", 0.35)
				if loop := innermost(loops, x); loop != nil && accumulates(x) {
					bonus, why := loopShape(info, loop)
					if why == "" {
						why = "the loop decides how many times " + name + " grows"
					}
					f.candidate(c, loop.Pos(), why, 0.35+bonus)
				}
				f.guards(c, conds, innermost(loops, x), x, name)
				if ix, ok := ast.Unparen(l).(*ast.IndexExpr); ok {
					f.expr(c, ix.Index, nil)
				}
				switch {
				case len(x.Rhs) == len(x.Lhs):
					f.expr(c, x.Rhs[i], subWant(l, want))
				case len(x.Rhs) == 1:
					if call, ok := ast.Unparen(x.Rhs[0]).(*ast.CallExpr); ok {
						f.callResult(c, call, i, want)
					} else {
						f.expr(c, x.Rhs[0], nil) // v, ok := m[k] and the like
					}
				}
			}
		case *ast.IncDecStmt:
			if f.writes(info, x.X, v, want) {
				f.candidate(c, x.Pos(), name+" changes here", 0.35)
			}
		case *ast.ValueSpec:
			for i, id := range x.Names {
				if info.Defs[id] == v && i < len(x.Values) {
					f.expr(c, x.Values[i], want)
				}
			}
		case *ast.CallExpr:
			f.passedTo(c, x, func(a ast.Expr) bool { return objOf(info, a) == v })
		}
		return true
	})
}

// writes reports whether the assignment target l writes v, or a wanted
// field or element of v.
func (f *flow) writes(info *types.Info, l ast.Expr, v *types.Var, want filter) bool {
	switch x := ast.Unparen(l).(type) {
	case *ast.Ident:
		return objOf(info, x) == v
	case *ast.SelectorExpr:
		return objOf(info, x.X) == v && want.keeps(x.Sel.Name)
	case *ast.IndexExpr:
		return objOf(info, x.X) == v
	case *ast.StarExpr:
		return objOf(info, x.X) == v
	}
	return false
}

// subWant is the filter for the right-hand side of an assignment to l: a
// whole-value assignment keeps the filter, a field assignment drops it.
func subWant(l ast.Expr, want filter) filter {
	if _, ok := ast.Unparen(l).(*ast.Ident); ok {
		return want
	}
	return nil
}

// innermost returns the last loop in loops that contains n.
func innermost(loops []ast.Node, n ast.Node) ast.Node {
	for i := len(loops) - 1; i >= 0; i-- {
		if loops[i].Pos() <= n.Pos() && n.End() <= loops[i].End() {
			return loops[i]
		}
	}
	return nil
}

// accumulates reports whether an assignment adds to its target (x += y,
// x = append(x, ...)).
func accumulates(a *ast.AssignStmt) bool {
	if a.Tok != token.ASSIGN && a.Tok != token.DEFINE {
		return true
	}
	if len(a.Rhs) == 1 {
		if call, ok := ast.Unparen(a.Rhs[0]).(*ast.CallExpr); ok {
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "append" {
				return true
			}
		}
	}
	return false
}

// selector follows a field: a field of a struct value held in a local or
// parameter narrows that variable; a field of shared state (through a
// pointer) is followed to every write and every in-place change.
func (f *flow) selector(c *fctx, x *ast.SelectorExpr, want filter) {
	info := c.fi.info
	v := objOf(info, x)
	if v == nil {
		return
	}
	if !v.IsField() {
		if v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
			f.global(c, v, want)
		}
		return
	}
	if _, isPtr := info.TypeOf(x.X).(*types.Pointer); !isPtr {
		switch ast.Unparen(x.X).(type) {
		case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr, *ast.CallExpr:
			f.expr(c, x.X, filter{v.Name(): true})
			return
		}
	}
	f.stateField(c, v, want)
}

// stateField follows every write to field and every call that changes
// it in place.
func (f *flow) stateField(c *fctx, field *types.Var, want filter) {
	key := "field|" + field.Name() + "|" + want.key()
	if f.seen[key] {
		return
	}
	f.seen[key] = true
	for _, a := range f.t.fieldAssignments(field) {
		ac := &fctx{fn: a.fn, fi: a.fi, frame: -1, depth: c.depth + 1, hops: c.hops}
		if call, ok := ast.Unparen(a.rhs).(*ast.CallExpr); ok && len(call.Args) > 0 && objOf(a.fi.info, call.Args[0]) == field {
			f.selfAppend[call] = true // x.f = append(x.f, ...) keeps its own array
		}
		f.candidate(ac, a.pos, field.Name()+" is set here", 0.35)
		if recv := copiedReceiver(a); recv != "" {
			f.candidate(ac, a.pos, field.Name()+" is set on a copy: "+funcName(a.fn)+" has a value receiver, so the caller's "+recv+" never changes", 0.85)
		}
		f.whoseField(ac, a)
		if a.tuple != nil {
			if call, ok := ast.Unparen(a.rhs).(*ast.CallExpr); ok {
				for i, l := range a.tuple.Lhs {
					if objOf(a.fi.info, l) == field {
						f.callResult(ac, call, i, want)
					}
				}
			}
			continue
		}
		f.expr(ac, a.rhs, want)
	}
	for _, name := range sortedKeys(f.t.p.files) {
		fi := f.t.p.files[name]
		ast.Inspect(fi.ast, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.AssignStmt:
				for _, l := range x.Lhs {
					if ix, ok := ast.Unparen(l).(*ast.IndexExpr); ok && objOf(fi.info, ix.X) == field {
						fn, _ := f.t.p.funcAt(name, f.t.p.line(x.Pos()))
						ac := &fctx{fn: fn, fi: fi, frame: -1, depth: c.depth + 1, hops: c.hops}
						f.candidate(ac, x.Pos(), "writes an element of "+field.Name(), 0.35)
					}
				}
			case *ast.CallExpr:
				fn, _ := f.t.p.funcAt(name, f.t.p.line(x.Pos()))
				if fn != nil {
					ac := &fctx{fn: fn, fi: fi, frame: -1, depth: c.depth + 1, hops: c.hops}
					f.passedTo(ac, x, func(a ast.Expr) bool { return objOf(fi.info, a) == field })
				}
			}
			return true
		})
	}
}

// composite follows the wanted elements of a composite literal.
func (f *flow) composite(c *fctx, lit *ast.CompositeLit, want filter) {
	info := c.fi.info
	_, isMap := typeUnder(info.TypeOf(lit)).(*types.Map)
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			if !isConst(info, e) { // one element among many proves nothing
				f.expr(c, e, nil)
			}
			continue
		}
		if isMap {
			k, known := f.known(c, kv.Key)
			if want != nil && known && want["key:"+k] {
				val := types.ExprString(kv.Value)
				f.candidate(c, kv.Pos(), "the entry for "+types.ExprString(kv.Key)+" is "+val+" here", 0.75)
				f.expr(c, kv.Value, nil)
			} else if want == nil {
				f.expr(c, kv.Value, nil)
			}
			continue
		}
		if id, ok := kv.Key.(*ast.Ident); ok && !want.keeps(id.Name) {
			continue
		}
		f.expr(c, kv.Value, nil)
	}
}

// passedTo looks at a call that passes a watched value (match) to the
// module's own function, and follows what that function does to it in
// place: sorting, element writes.
func (f *flow) passedTo(c *fctx, call *ast.CallExpr, match func(ast.Expr) bool) {
	for i, a := range call.Args {
		if !match(a) {
			continue
		}
		if _, why := sortShape(c.fi.info, call, a); why != "" {
			score := 0.3 // sorting a value of one's own is what sorting is for
			if isShared(c.fi.info, a) {
				score = 0.8
				why += ": " + types.ExprString(a) + " is shared state, changed for everyone who reads it"
			}
			f.candidate(c, call.Pos(), why, score)
			for _, b := range call.Args {
				if lit, ok := ast.Unparen(b).(*ast.FuncLit); ok {
					f.comparator(c, lit)
				}
			}
			continue
		}
		fn := calleeFunc(c.fi.info, call)
		decl := f.t.p.funcs[fn]
		if fn == nil || decl == nil || decl.Body == nil {
			continue
		}
		sig := fn.Type().(*types.Signature)
		if i >= sig.Params().Len() {
			continue
		}
		inner := f.enterCtx(c, decl, call)
		if inner == nil || inner.depth > maxDepth {
			continue
		}
		p := sig.Params().At(i)
		key := "mut|" + p.Name() + "|" + funcName(decl)
		if f.seen[key] {
			continue
		}
		f.seen[key] = true
		shared := isShared(c.fi.info, a)
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CallExpr:
				for _, b := range x.Args {
					if objOf(inner.fi.info, b) != p {
						continue
					}
					if _, why := sortShape(inner.fi.info, x, b); why != "" {
						score := 0.3
						if shared {
							score = 0.85
							why += ": it is " + types.ExprString(a) + " of the caller (" + f.t.where(call.Pos()) + "), which is changed for everyone"
						}
						f.candidate(inner, x.Pos(), why, score)
						for _, d := range x.Args {
							if lit, ok := ast.Unparen(d).(*ast.FuncLit); ok {
								f.comparator(inner, lit)
							}
						}
					}
				}
			case *ast.AssignStmt:
				for _, l := range x.Lhs {
					if ix, ok := ast.Unparen(l).(*ast.IndexExpr); ok && objOf(inner.fi.info, ix.X) == p {
						f.candidate(inner, x.Pos(), "writes into "+p.Name()+", the caller's "+types.ExprString(a), 0.4)
					}
				}
			}
			return true
		})
	}
}

// isShared reports whether e denotes state others see: a field, or a
// variable reached through a pointer.
func isShared(info *types.Info, e ast.Expr) bool {
	if sel, ok := ast.Unparen(e).(*ast.SelectorExpr); ok {
		if v := objOf(info, sel); v != nil && v.IsField() {
			return true
		}
	}
	return false
}

// comparator makes the decisions of an ordering function candidates.
func (f *flow) comparator(c *fctx, lit *ast.FuncLit) {
	sig, ok := c.fi.info.TypeOf(lit).(*types.Signature)
	if !ok || sig.Results().Len() != 1 {
		return
	}
	if b, ok := sig.Results().At(0).Type().Underlying().(*types.Basic); !ok || (b.Kind() != types.Bool && b.Info()&types.IsInteger == 0) {
		return
	}
	inner := &fctx{fn: lit, fi: c.fi, frame: -1, depth: c.depth + 1, hops: c.hops}
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if r, ok := n.(*ast.ReturnStmt); ok && len(r.Results) == 1 {
			if tv, ok := c.fi.info.Types[r.Results[0]]; ok && tv.Value == nil {
				f.candidate(inner, r.Pos(), "the ordering decides by "+types.ExprString(r.Results[0]), 0.45)
			}
		}
		return true
	})
}

// guards makes the conditions that decide whether an assignment runs
// candidates: inside a loop, the filter that lets an element in (a
// boundary comparison, < where <= was meant, ranks higher).
func (f *flow) guards(c *fctx, conds []*ast.IfStmt, loop ast.Node, a *ast.AssignStmt, name string) {
	for _, ifs := range conds {
		inBody := ifs.Body.Pos() <= a.Pos() && a.End() <= ifs.Body.End()
		if !inBody || loop != nil && ifs.Pos() < loop.Pos() {
			continue
		}
		score, why := 0.35, "the condition "+types.ExprString(ifs.Cond)+" decides whether "+name+" changes"
		if loop != nil && accumulates(a) {
			score, why = 0.42, "the condition "+types.ExprString(ifs.Cond)+" decides which elements "+name+" gets"
			if boundary(ifs.Cond) {
				score, why = 0.5, why+"; its boundary comparison may exclude or include one too many"
			}
		}
		f.candidate(c, ifs.Cond.Pos(), why, score)
	}
}

// boundary reports whether cond holds an ordering comparison.
func boundary(cond ast.Expr) bool {
	found := false
	ast.Inspect(cond, func(n ast.Node) bool {
		if b, ok := n.(*ast.BinaryExpr); ok {
			switch b.Op {
			case token.LSS, token.GTR, token.LEQ, token.GEQ:
				found = true
			}
		}
		return !found
	})
	return found
}

// whoseField follows, for a write p.f = ... through a parameter p, which
// value the callers passed as p: writing the right field of the wrong
// object (arguments swapped) shows up there.
func (f *flow) whoseField(c *fctx, a fieldAssign) {
	if a.fn == nil || a.tuple != nil {
		return
	}
	info := a.fi.info
	ast.Inspect(bodyOf(a.fn), func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || as.Pos() != a.pos {
			return true
		}
		for _, l := range as.Lhs {
			sel, ok := ast.Unparen(l).(*ast.SelectorExpr)
			if !ok {
				continue
			}
			if v := objOf(info, sel.X); v != nil {
				if pi := paramIndex(info, a.fn, v); pi != -2 {
					f.param(c, pi, v.Name(), nil)
				}
			}
		}
		return false
	})
}
