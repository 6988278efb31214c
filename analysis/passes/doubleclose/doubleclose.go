package doubleclose

import (
	"fmt"
	"go/ast"
	"go/token"
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

// chanKey identifies a channel: a variable, or a field of values of one
// type (a field promoted from an embedded struct into two types is two
// channels).
type chanKey struct {
	obj   types.Object
	owner *types.Named
}

// keyOf returns the key of the channel expression e.
func keyOf(info *types.Info, e ast.Expr) chanKey {
	k := chanKey{obj: astq.ObjectOf(info, e)}
	if sel, ok := ast.Unparen(e).(*ast.SelectorExpr); ok {
		k.owner = astq.Named(info.TypeOf(sel.X))
	}
	return k
}

// site is one close(ch) call.
type site struct {
	call *ast.CallExpr
	fn   *astq.Func
	// flags are the booleans and atomics tested by if statements before
	// the close; two closes that test a common flag exclude each other.
	flags map[types.Object]bool
}

func run(pass *analysis.Pass) (any, error) {
	info := pass.TypesInfo
	funcs := astq.Funcs(info, pass.Files)
	syncLits := syncArgs(pass, funcs)

	var order []chanKey
	sites := make(map[chanKey][]site)
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
			ch := keyOf(info, call.Args[0])
			if ch.obj == nil || recovers || guarded(info, fn.Body, call, ch.obj) {
				return true
			}
			if sites[ch] == nil {
				order = append(order, ch)
			}
			sites[ch] = append(sites[ch], site{call, fn, flagsBefore(info, fn.Body, call)})
			return true
		})
	}

	for _, ch := range order {
		list := sites[ch]
		for _, s := range list {
			for _, o := range list {
				if o.fn == s.fn || shareFlag(s, o) || exclusive(info, s, o) || exclusive(info, o, s) || remade(pass, ch.obj, s, o) {
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
// channel ch from running twice whatever the other closes do: an
// enclosing select, or an assignment to ch after the close.
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
		}
		return true
	})
	return found
}

// flagsBefore returns the flags tested by the if statements of body that
// come before call: boolean variables and fields, and the operands of
// sync/atomic calls (atomic.CompareAndSwapInt32(&s.state, ...), or
// s.closed.Swap(true)).
func flagsBefore(info *types.Info, body *ast.BlockStmt, call *ast.CallExpr) map[types.Object]bool {
	flags := make(map[types.Object]bool)
	astq.Inspect(body, func(n ast.Node) bool {
		ifs, ok := n.(*ast.IfStmt)
		if !ok || ifs.Pos() > call.Pos() {
			return true
		}
		ast.Inspect(ifs.Cond, func(m ast.Node) bool {
			switch m := m.(type) {
			case *ast.Ident, *ast.SelectorExpr:
				if v, ok := astq.ObjectOf(info, m.(ast.Expr)).(*types.Var); ok {
					if b, ok := v.Type().Underlying().(*types.Basic); ok && b.Kind() == types.Bool {
						flags[v] = true
					}
				}
			case *ast.CallExpr:
				if fn, ok := typeutil.Callee(info, m).(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "sync/atomic" {
					if sel, ok := ast.Unparen(m.Fun).(*ast.SelectorExpr); ok && fn.Signature().Recv() != nil {
						if obj := astq.ObjectOf(info, sel.X); obj != nil {
							flags[obj] = true
						}
					}
					for _, a := range m.Args {
						if u, ok := ast.Unparen(a).(*ast.UnaryExpr); ok && u.Op == token.AND {
							if obj := astq.ObjectOf(info, u.X); obj != nil {
								flags[obj] = true
							}
						}
					}
				}
			}
			return true
		})
		return true
	})
	return flags
}

// shareFlag reports whether a and b test a common flag before closing.
func shareFlag(a, b site) bool {
	for f := range a.flags {
		if b.flags[f] {
			return true
		}
	}
	return false
}

// exclusive reports whether closes a and b cannot both run because b is
// in a function literal that a's function creates in a branch that
// returns before a, or after a branch that closes with a and returns:
//
//	if fast { close(done); return done }
//	go func() { defer close(done); ... }()
//
//	if later { time.AfterFunc(d, func() { close(done) }); return }
//	close(done)
func exclusive(info *types.Info, a, b site) bool {
	lit := b.fn
	for lit != nil && lit.Outer != a.fn {
		lit = lit.Outer
	}
	if lit == nil {
		return false
	}
	if list := enclosingList(a.fn.Body, a.call); len(list) > 0 && astq.Terminates(info, list) && list[len(list)-1].End() < lit.Node.Pos() {
		return true
	}
	list := enclosingList(a.fn.Body, lit.Node)
	return len(list) > 0 && astq.Terminates(info, list) && list[len(list)-1].End() < a.call.Pos()
}

// enclosingList returns the innermost statement list of body holding
// target, without entering function literals other than target.
func enclosingList(body *ast.BlockStmt, target ast.Node) []ast.Stmt {
	var list []ast.Stmt
	ast.PreorderStack(body, nil, func(n ast.Node, stack []ast.Node) bool {
		if list != nil {
			return false
		}
		if n != target {
			_, lit := n.(*ast.FuncLit)
			return !lit
		}
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
	return list
}

// remade reports whether the local variable ch is assigned between the
// closes a and b, so that they close different channels:
//
//	done := make(chan struct{}); go func() { ...; close(done) }(); <-done
//	done = make(chan struct{}); go func() { ...; close(done) }(); <-done
func remade(pass *analysis.Pass, ch types.Object, a, b site) bool {
	v, ok := ch.(*types.Var)
	if !ok || v.IsField() || v.Parent() == v.Pkg().Scope() {
		return false
	}
	lo, hi := min(a.call.Pos(), b.call.Pos()), max(a.call.Pos(), b.call.Pos())
	found := false
	for _, f := range pass.Files {
		if f.FileStart > lo || f.FileEnd < hi {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if as, ok := n.(*ast.AssignStmt); ok && as.Pos() > lo && as.Pos() < hi {
				for _, l := range as.Lhs {
					if astq.ObjectOf(pass.TypesInfo, l) == ch {
						found = true
					}
				}
			}
			return !found
		})
	}
	return found
}
