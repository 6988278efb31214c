package rootcause

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// traceCheck follows a failed check (t.Errorf under an if, or an
// assertion helper's call) back through the code under test: the operands
// the runtime values show to be wrong are followed to where they were
// computed.
func (t *tracer) traceCheck(s site) {
	if s.fn == nil {
		return
	}
	f := newFlow(t)
	c := &fctx{fn: s.fn, fi: s.fi, frame: s.frame}
	for _, op := range f.operands(c, s) {
		f.expr(c, op.e, op.want)
	}
}

// tracePanicInput follows, for an explicit panic, the inputs its guard
// rejected: "if err != nil { panic(err) }" after err, _ = parse(x) leads to
// where x was computed.
func (t *tracer) tracePanicInput(s site) {
	if s.fn == nil {
		return
	}
	f := newFlow(t)
	c := &fctx{fn: s.fn, fi: s.fi, frame: s.frame}
	info := s.fi.info
	var exprs []ast.Expr
	if ifs := guardOf(t, s); ifs != nil {
		exprs = append(exprs, ifs.Cond)
	} else {
		for _, n := range t.nodesAt(s.fn, s.line) {
			if call, ok := n.(*ast.CallExpr); ok {
				exprs = append(exprs, call.Args...)
			}
		}
	}
	for _, e := range exprs {
		ast.Inspect(e, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			v, ok := info.ObjectOf(id).(*types.Var)
			if !ok || v.Pkg() == nil {
				return true
			}
			if isError(v.Type()) {
				f.errorInputs(c, v)
				return true
			}
			f.expr(c, id, nil)
			return true
		})
	}
}

// errorInputs follows the inputs of the call that produced the error v:
// what the callee rejected, rather than how it rejects it.
func (f *flow) errorInputs(c *fctx, v *types.Var) {
	info := c.fi.info
	ast.Inspect(bodyOf(c.fn), func(n ast.Node) bool {
		a, ok := n.(*ast.AssignStmt)
		if !ok {
			return true
		}
		for _, l := range a.Lhs {
			if objOf(info, l) != v {
				continue
			}
			for _, r := range a.Rhs {
				call, ok := ast.Unparen(r).(*ast.CallExpr)
				if !ok {
					continue
				}
				f.candidate(c, a.Pos(), "the error comes from "+types.ExprString(call.Fun), 0.25)
				if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
					if _, isPkg := info.Uses[identOf(sel.X)].(*types.PkgName); !isPkg {
						f.expr(c, sel.X, nil)
					}
				}
				for _, arg := range call.Args {
					f.expr(c, arg, nil)
				}
			}
		}
		return true
	})
}

// guardOf returns the innermost if statement whose body holds the site's
// line.
func guardOf(t *tracer, s site) *ast.IfStmt {
	var best *ast.IfStmt
	ast.Inspect(bodyOf(s.fn), func(n ast.Node) bool {
		ifs, ok := n.(*ast.IfStmt)
		if !ok {
			return true
		}
		if t.p.line(ifs.Body.Pos()) <= s.line && s.line <= t.p.line(ifs.Body.End()) {
			best = ifs
		}
		return true
	})
	return best
}

// operand is an expression a failed check found wrong.
type operand struct {
	e    ast.Expr
	want filter
}

// operands lists the wrong operands of the check at s, recording the wrong
// values the frame shows.
func (f *flow) operands(c *fctx, s site) []operand {
	info := s.fi.info
	var cond ast.Expr
	ifs := guardOf(f.t, s)
	if ifs != nil {
		cond = ifs.Cond
		if ifs.Init != nil {
			f.initOperands(c, ifs.Init)
		}
	}
	var out []operand
	if cond == nil {
		// An assertion helper: assert.Equal(t, want, got) and the like.
		for _, n := range f.t.nodesAt(s.fn, s.line) {
			if call, ok := n.(*ast.CallExpr); ok {
				for _, a := range call.Args {
					if !isTestingT(info.TypeOf(a)) && !isConst(info, a) {
						out = append(out, operand{e: a})
					}
				}
				break
			}
		}
		return out
	}
	ast.Inspect(cond, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.BinaryExpr:
			if x.Op == token.LAND || x.Op == token.LOR {
				return true
			}
			out = append(out, f.comparison(c, x)...)
			return false
		case *ast.CallExpr, *ast.Ident, *ast.SelectorExpr:
			out = append(out, operand{e: x.(ast.Expr)})
			return false
		}
		return true
	})
	return out
}

// initOperands records what an if statement's init computes, so the
// condition's variables are followed through it.
func (f *flow) initOperands(c *fctx, init ast.Stmt) {
	a, ok := init.(*ast.AssignStmt)
	if !ok {
		return
	}
	for _, r := range a.Rhs {
		f.expr(c, r, nil)
	}
}

// comparison judges one comparison of a failed check with the runtime
// values: a side compared to a constant is wrong when the frame's value
// breaks the comparison; two variables are compared field by field.
func (f *flow) comparison(c *fctx, b *ast.BinaryExpr) []operand {
	info := c.fi.info
	xConst, yConst := isConst(info, b.X), isConst(info, b.Y)
	switch {
	case xConst && yConst:
		return nil
	case yConst || xConst:
		side, k := b.X, b.Y
		if xConst {
			side, k = b.Y, b.X
		}
		if got, ok := f.runtime(c, side); ok {
			want := constString(info.Types[k].Value)
			if sameScalar(got, want) == (b.Op == token.EQL) || b.Op != token.EQL && b.Op != token.NEQ {
				// The comparison failed as written: side is wrong.
				if distinctive(got) {
					f.wrong[got] = true
				}
				f.zeroWrong = f.zeroWrong || isZero(got)
				return []operand{{e: side}}
			}
			return nil // this part of the check held
		}
		return []operand{{e: side}}
	}
	var out []operand
	var vals [2]string
	var known [2]bool
	for i, side := range []ast.Expr{b.X, b.Y} {
		vals[i], known[i] = f.rendered(c, side)
	}
	diff := filter(nil)
	if known[0] && known[1] {
		diff = diffFields(vals[0], vals[1])
	}
	for i, side := range []ast.Expr{b.X, b.Y} {
		if f.expected(c, side) {
			continue
		}
		if known[i] {
			for name := range diff {
				if v, ok := field(vals[i], []string{name}); ok {
					if sv, ok := scalar(v); ok && distinctive(sv) {
						f.wrong[sv] = true
					} else if ok {
						f.zeroWrong = f.zeroWrong || isZero(sv)
					}
				}
			}
		}
		out = append(out, operand{e: side, want: diff})
	}
	return out
}

// diffFields names the fields whose values differ between two rendered
// structs; nil when they are not structs.
func diffFields(a, b string) filter {
	fa, fb := fieldsOf(a), fieldsOf(b)
	if fa == nil || fb == nil || len(fa) != len(fb) {
		return nil
	}
	out := filter{}
	for i := range fa {
		if fa[i][0] == fb[i][0] && fa[i][1] != fb[i][1] {
			out[fa[i][0]] = true
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// expected reports whether e is the expected side of a check: a variable
// the test wrote down as a literal.
func (f *flow) expected(c *fctx, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := c.fi.info.ObjectOf(id).(*types.Var)
	if !ok {
		return false
	}
	lit := false
	assigned := 0
	ast.Inspect(bodyOf(c.fn), func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			for i, l := range x.Lhs {
				if objOf(c.fi.info, l) == v && len(x.Rhs) == len(x.Lhs) {
					assigned++
					_, lit = ast.Unparen(x.Rhs[i]).(*ast.CompositeLit)
					lit = lit || isConst(c.fi.info, x.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			for i, n := range x.Names {
				if c.fi.info.Defs[n] == v && i < len(x.Values) {
					assigned++
					_, lit = ast.Unparen(x.Values[i]).(*ast.CompositeLit)
				}
			}
		}
		return true
	})
	return assigned == 1 && lit
}

// runtime reads the scalar value of a variable or field path from the
// frame.
func (f *flow) runtime(c *fctx, e ast.Expr) (string, bool) {
	v, ok := f.rendered(c, e)
	if !ok {
		return "", false
	}
	return scalar(v)
}

// rendered reads the rendered value of a variable or field path.
func (f *flow) rendered(c *fctx, e ast.Expr) (string, bool) {
	if c.frame < 0 || c.frame >= len(f.t.frames) {
		return "", false
	}
	var path []string
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.SelectorExpr:
			path = append([]string{x.Sel.Name}, path...)
			e = x.X
			continue
		case *ast.Ident:
			v, ok := varValue(f.t.frames[c.frame], x.Name)
			if !ok {
				return "", false
			}
			return field(v, path)
		}
		return "", false
	}
}

func isConst(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && tv.Value != nil
}

func isTestingT(t types.Type) bool {
	if t == nil {
		return false
	}
	s := t.String()
	return strings.HasPrefix(s, "*testing.") || s == "testing.TB"
}

// isZero reports whether a scalar is its type's zero value.
func isZero(v string) bool { return v == "0" || v == "" || v == "false" || v == "nil" }
