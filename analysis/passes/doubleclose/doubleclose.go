package doubleclose

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/sleuth-dev/sleuth/analysis/passes/internal/astq"
)

// Analyzer reports channels closed twice; see the package documentation.
var Analyzer = &analysis.Analyzer{
	Name: "doubleclose",
	Doc:  "report channels closed in two functions with no guard against both closes running",
	URL:  "https://pkg.go.dev/github.com/sleuth-dev/sleuth/analysis/passes/doubleclose",
	Run:  run,
}

// site is one close(ch) call.
type site struct {
	call *ast.CallExpr
	fn   *astq.Func
}

func run(pass *analysis.Pass) (any, error) {
	info := pass.TypesInfo
	funcs := astq.Funcs(info, pass.Files)
	syncLits := syncArgs(pass, funcs)

	var order []types.Object
	sites := make(map[types.Object][]site)
	for _, fn := range funcs {
		if lit, ok := fn.Node.(*ast.FuncLit); ok && syncLits[lit] {
			continue
		}
		recovers := defersRecover(info, fn.Body)
		astq.Inspect(fn.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 1 || !astq.IsBuiltin(info, call, "close") {
				return true
			}
			ch := astq.ObjectOf(info, call.Args[0])
			if ch == nil || recovers || guarded(info, fn.Body, call, ch) {
				return true
			}
			if sites[ch] == nil {
				order = append(order, ch)
			}
			sites[ch] = append(sites[ch], site{call, fn})
			return true
		})
	}

	for _, ch := range order {
		list := sites[ch]
		for _, s := range list {
			for _, o := range list {
				if o.fn == s.fn || exclusive(info, s, o) || exclusive(info, o, s) {
					continue
				}
				pass.Report(analysis.Diagnostic{
					Pos: s.call.Pos(),
					End: s.call.End(),
					Message: fmt.Sprintf("%s may be closed twice: %s also closes it at %s with no guard, and closing a closed channel panics",
						types.ExprString(s.call.Args[0]), o.fn.Name(), astq.Site(pass.Fset, s.call.Pos(), o.call.Pos())),
					Related: []analysis.RelatedInformation{{Pos: o.call.Pos(), End: o.call.End(), Message: "other close"}},
				})
				break
			}
		}
	}
	return nil, nil
}

// syncArgs returns the function literals passed to functions and methods
// of package sync, such as once.Do(func() { close(ch) }): sync runs them
// at most once.
func syncArgs(pass *analysis.Pass, funcs []*astq.Func) map[*ast.FuncLit]bool {
	out := make(map[*ast.FuncLit]bool)
	for _, fn := range funcs {
		astq.Inspect(fn.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			callee, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
			if !ok || callee.Pkg() == nil || callee.Pkg().Path() != "sync" {
				return true
			}
			for _, a := range call.Args {
				if lit, ok := ast.Unparen(a).(*ast.FuncLit); ok {
					out[lit] = true
				}
			}
			return true
		})
	}
	return out
}

// defersRecover reports whether body defers a function literal that
// calls recover.
func defersRecover(info *types.Info, body *ast.BlockStmt) bool {
	found := false
	astq.Inspect(body, func(n ast.Node) bool {
		d, ok := n.(*ast.DeferStmt)
		if !ok {
			return !found
		}
		if lit, ok := d.Call.Fun.(*ast.FuncLit); ok {
			ast.Inspect(lit.Body, func(m ast.Node) bool {
				if c, ok := m.(*ast.CallExpr); ok && astq.IsBuiltin(info, c, "recover") {
					found = true
				}
				return !found
			})
		}
		return !found
	})
	return found
}

// guarded reports whether something in body keeps the close call of
// channel ch from running twice: an enclosing select, an assignment to
// ch after the close, or an earlier if statement testing a flag or an
// atomic operation.
func guarded(info *types.Info, body *ast.BlockStmt, call *ast.CallExpr, ch types.Object) bool {
	found := false
	ast.PreorderStack(body, nil, func(n ast.Node, stack []ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if n == call {
				for _, p := range stack {
					if _, ok := p.(*ast.SelectStmt); ok {
						found = true
					}
				}
			}
		case *ast.AssignStmt:
			// Close-and-replace: the channel is assigned after the
			// close, so a later close closes another channel.
			for _, l := range n.Lhs {
				if n.Pos() > call.Pos() && astq.ObjectOf(info, l) == ch {
					found = true
				}
			}
		case *ast.IfStmt:
			if n.Pos() < call.Pos() && testsFlag(info, n.Cond) {
				found = true
			}
		}
		return true
	})
	return found
}

// testsFlag reports whether cond reads a boolean variable or field, or
// calls into sync/atomic (CompareAndSwap, Load, Swap).
func testsFlag(info *types.Info, cond ast.Expr) bool {
	found := false
	ast.Inspect(cond, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident, *ast.SelectorExpr:
			if v, ok := astq.ObjectOf(info, n.(ast.Expr)).(*types.Var); ok {
				if b, ok := v.Type().Underlying().(*types.Basic); ok && b.Kind() == types.Bool {
					found = true
				}
			}
		case *ast.CallExpr:
			if fn, ok := typeutil.Callee(info, n).(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "sync/atomic" {
				found = true
			}
		}
		return !found
	})
	return found
}

// exclusive reports whether closes a and b cannot both run because b is
// in a function literal that a's function creates only after a branch
// that closes with a and returns:
//
//	if fast { close(done); return done }
//	go func() { defer close(done); ... }()
func exclusive(info *types.Info, a, b site) bool {
	lit := b.fn
	for lit != nil && lit.Outer != a.fn {
		lit = lit.Outer
	}
	if lit == nil {
		return false
	}
	var list []ast.Stmt
	ast.PreorderStack(a.fn.Body, nil, func(n ast.Node, stack []ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if n != a.call {
			return true
		}
		// The innermost statement list holding the close.
		for i := len(stack) - 1; i >= 0 && list == nil; i-- {
			switch p := stack[i].(type) {
			case *ast.BlockStmt:
				list = p.List
			case *ast.CaseClause:
				list = p.Body
			case *ast.CommClause:
				list = p.Body
			}
		}
		return false
	})
	return len(list) > 0 && astq.Terminates(info, list) && list[len(list)-1].End() < lit.Node.Pos()
}
