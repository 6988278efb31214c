package rootcause

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Shapes: ways of computing a wrong value that are common enough to rank a
// line higher when a wrong value flowed through it. Each returns a score
// bonus and the reason in words, or "" when the line has no such shape.

// binaryShape judges arithmetic: integer division that truncates a
// product (percentages, averages, rates), and ±1 adjustments.
func binaryShape(info *types.Info, b *ast.BinaryExpr) (float64, string) {
	if b.Op == token.QUO && isInteger(info.TypeOf(b)) {
		if tv, ok := info.Types[b.Y]; ok && tv.Value != nil {
			if m, ok := ast.Unparen(b.X).(*ast.BinaryExpr); ok && m.Op == token.MUL {
				return 0.4, types.ExprString(b) + " divides in integer arithmetic: the fraction is truncated, not rounded"
			}
			return 0.15, types.ExprString(b) + " divides in integer arithmetic: the fraction is truncated"
		}
	}
	if offByOne(b) {
		return 0.2, "computes " + types.ExprString(b) + ": the +1 may be one too many"
	}
	return 0, ""
}

func isInteger(t types.Type) bool {
	b, ok := typeUnder(t).(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

// appendShape judges append(x.f, ...) whose result is kept anywhere but
// x.f itself: when x.f has spare capacity, every such result shares x.f's
// array, and the next append overwrites the previous one's tail.
func appendShape(info *types.Info, call *ast.CallExpr) (float64, string) {
	sel, ok := ast.Unparen(call.Args[0]).(*ast.SelectorExpr)
	if !ok {
		return 0, ""
	}
	if v := objOf(info, sel); v == nil || !v.IsField() {
		return 0, ""
	}
	return 0.4, "append(" + types.ExprString(sel) + ", ...) returns a slice that shares " + types.ExprString(sel) +
		"'s array when it has spare capacity: a later append overwrites what this one returned"
}

// callShape judges calls into code outside the module.
func (f *flow) callShape(c *fctx, call *ast.CallExpr) (float64, string) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return 0, ""
	}
	fn := calleeFunc(c.fi.info, call)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "time" {
		return 0, ""
	}
	switch fn.Name() {
	case "UTC", "Local":
		why := types.ExprString(sel.X) + "." + fn.Name() + "() replaces the time's location"
		if f.locationSetByCaller(c, sel.X) {
			return 0.45, why + ", discarding the one the caller set with In"
		}
		return 0.2, why
	}
	return 0, ""
}

// locationSetByCaller reports whether x is a parameter whose argument was
// converted with In by the caller.
func (f *flow) locationSetByCaller(c *fctx, x ast.Expr) bool {
	v := objOf(c.fi.info, x)
	if v == nil || c.from == nil {
		return false
	}
	pi := paramIndex(c.fi.info, c.fn, v)
	if pi < 0 || pi >= len(c.from.call.Args) {
		return false
	}
	caller := c.from.caller
	arg := c.from.call.Args[pi]
	if usesIn(arg) {
		return true
	}
	av := objOf(caller.fi.info, arg)
	if av == nil || caller.fn == nil {
		return false
	}
	found := false
	ast.Inspect(bodyOf(caller.fn), func(n ast.Node) bool {
		if a, ok := n.(*ast.AssignStmt); ok && len(a.Lhs) == len(a.Rhs) {
			for i, l := range a.Lhs {
				if objOf(caller.fi.info, l) == av && usesIn(a.Rhs[i]) {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

func usesIn(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "In"
}

// loopShape judges a loop that accumulates a value: a condition that
// includes its end bound runs once too often.
func loopShape(info *types.Info, loop ast.Node) (float64, string) {
	f, ok := loop.(*ast.ForStmt)
	if !ok || f.Cond == nil {
		return 0, ""
	}
	switch c := ast.Unparen(f.Cond).(type) {
	case *ast.BinaryExpr:
		if c.Op == token.LEQ || c.Op == token.GEQ {
			return 0.4, "the loop condition " + types.ExprString(c) + " includes the end bound: one iteration too many"
		}
	case *ast.UnaryExpr:
		if call, ok := ast.Unparen(c.X).(*ast.CallExpr); ok && c.Op == token.NOT {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && (sel.Sel.Name == "After" || sel.Sel.Name == "Before") {
				return 0.4, "the loop condition " + types.ExprString(c) + " includes the end itself: one iteration too many"
			}
		}
	}
	return 0, ""
}

// sortShape judges a call that reorders arg in place (sort.X, slices.X).
func sortShape(info *types.Info, call *ast.CallExpr, arg ast.Expr) (float64, string) {
	fn := calleeFunc(info, call)
	if fn == nil || fn.Pkg() == nil || len(call.Args) == 0 || call.Args[0] != arg {
		return 0, ""
	}
	switch path := fn.Pkg().Path(); {
	case path == "sort" && fn.Name() != "Search" && !strings.HasPrefix(fn.Name(), "Search") && !strings.HasSuffix(fn.Name(), "AreSorted") && fn.Name() != "IsSorted":
	case path == "slices" && (strings.HasPrefix(fn.Name(), "Sort") || fn.Name() == "Reverse"):
	default:
		return 0, ""
	}
	return 0.2, types.ExprString(call.Fun) + " reorders " + types.ExprString(arg) + " in place"
}
