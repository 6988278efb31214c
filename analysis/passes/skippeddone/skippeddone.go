package skippeddone

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/sleuth-dev/sleuth/analysis/passes/internal/astq"
)

// Analyzer reports returns that skip wg.Done() or close(ch); see the
// package documentation.
var Analyzer = &analysis.Analyzer{
	Name: "skippeddone",
	Doc:  "report early returns that skip a function's final wg.Done() or close(ch)",
	URL:  "https://pkg.go.dev/github.com/sleuth-dev/sleuth/analysis/passes/skippeddone",
	Run:  run,
}

// signal is a final wg.Done() or close(ch) statement of a function.
type signal struct {
	stmt    ast.Stmt
	obj     types.Object // the WaitGroup or the channel
	text    string       // wg.Done() or close(ch), for messages
	isClose bool
	// matches reports whether call is the same signal.
	matches func(call *ast.CallExpr) bool
}

func run(pass *analysis.Pass) (any, error) {
	info := pass.TypesInfo
	funcs := astq.Funcs(info, pass.Files)
	alias := aliases(pass, funcs)
	recv := receives(info, funcs, alias)

	for _, fn := range funcs {
		for _, s := range fn.Body.List {
			sig, ok := signalOf(info, s)
			if !ok || deferred(fn.Body, sig) {
				continue
			}
			var consequence string
			if sig.isClose {
				at, ok := receivedAt(fn, alias.find(sig.obj), recv)
				if !ok {
					continue
				}
				consequence = fmt.Sprintf("the receive from %s at %s blocks forever", types.ExprString(at.ch), astq.Site(pass.Fset, s.Pos(), at.pos))
			} else {
				consequence = "Wait will block forever"
			}
			for _, ret := range skippingReturns(info, fn.Body, sig) {
				pass.Report(analysis.Diagnostic{
					Pos: ret.Pos(),
					End: ret.End(),
					Message: fmt.Sprintf("return at line %d skips %s at line %d; %s",
						pass.Fset.Position(ret.Pos()).Line, sig.text, pass.Fset.Position(s.Pos()).Line, consequence),
					Related: []analysis.RelatedInformation{{Pos: s.Pos(), End: s.End(), Message: sig.text + " skipped"}},
				})
			}
		}
	}
	return nil, nil
}

// signalOf recognises the statements wg.Done() and close(ch).
func signalOf(info *types.Info, s ast.Stmt) (signal, bool) {
	es, ok := s.(*ast.ExprStmt)
	if !ok {
		return signal{}, false
	}
	call, ok := ast.Unparen(es.X).(*ast.CallExpr)
	if !ok {
		return signal{}, false
	}
	if sc, ok := astq.Sync(info, call); ok && sc.Type == "WaitGroup" && sc.Method == "Done" && sc.Field != nil {
		return signal{
			stmt: s, obj: sc.Field, text: types.ExprString(call),
			matches: func(c *ast.CallExpr) bool {
				o, ok := astq.Sync(info, c)
				return ok && o.Type == "WaitGroup" && o.Method == "Done" && o.Field == sc.Field
			},
		}, true
	}
	if astq.IsBuiltin(info, call, "close") && len(call.Args) == 1 {
		ch := astq.ObjectOf(info, call.Args[0])
		if ch == nil {
			return signal{}, false
		}
		return signal{
			stmt: s, obj: ch, text: types.ExprString(call), isClose: true,
			matches: func(c *ast.CallExpr) bool {
				return astq.IsBuiltin(info, c, "close") && len(c.Args) == 1 && astq.ObjectOf(info, c.Args[0]) == ch
			},
		}, true
	}
	return signal{}, false
}

// deferred reports whether body defers the signal, directly or in a
// deferred function literal; then no return skips it.
func deferred(body *ast.BlockStmt, sig signal) bool {
	found := false
	astq.Inspect(body, func(n ast.Node) bool {
		if d, ok := n.(*ast.DeferStmt); ok && contains(d, sig, true) {
			found = true
		}
		return !found
	})
	return found
}

// contains reports whether n makes the signal's call; intoLits also looks
// inside function literals.
func contains(n ast.Node, sig signal, intoLits bool) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if _, ok := m.(*ast.FuncLit); ok && !intoLits {
			return false
		}
		if c, ok := m.(*ast.CallExpr); ok && sig.matches(c) {
			found = true
		}
		return !found
	})
	return found
}

// skippingReturns returns the return statements of body before the
// signal whose way out does not make the signal first. Returns under a
// condition on the WaitGroup or channel itself (if ch == nil) are left
// out, as are returns under a flag that the function sets before the
// signal (if w.done { return }; w.done = true; close(w.ch)): they skip the
// signal on purpose.
func skippingReturns(info *types.Info, body *ast.BlockStmt, sig signal) []*ast.ReturnStmt {
	var out []*ast.ReturnStmt
	ast.PreorderStack(body, nil, func(n ast.Node, stack []ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		ret, ok := n.(*ast.ReturnStmt)
		if !ok || ret.Pos() > sig.stmt.Pos() {
			return true
		}
		path := append(stack[:len(stack):len(stack)], ret)
		for _, p := range path {
			if ifs, ok := p.(*ast.IfStmt); ok && (mentions(info, ifs.Cond, sig.obj) || setsFlag(info, body, ifs, sig)) {
				return true // nothing to signal, or signalled already
			}
		}
		for i, p := range path[:len(path)-1] {
			for _, s := range stmtList(p) {
				if s == path[i+1] {
					break
				}
				if contains(s, sig, false) {
					return true // signalled before returning
				}
			}
		}
		out = append(out, ret)
		return true
	})
	return out
}

// stmtList returns the statements a block-like node holds.
func stmtList(n ast.Node) []ast.Stmt {
	switch n := n.(type) {
	case *ast.BlockStmt:
		return n.List
	case *ast.CaseClause:
		return n.Body
	case *ast.CommClause:
		return n.Body
	}
	return nil
}

// recvSite is a receive from a channel that blocks until the channel is
// closed or sent to: a range, <-ch, or a select with that case only.
type recvSite struct {
	ch  ast.Expr
	pos token.Pos
	fn  *astq.Func
}

// receives maps each class of aliased channel variables and fields to
// where it is received from.
func receives(info *types.Info, funcs []*astq.Func, alias unionFind) map[types.Object][]recvSite {
	out := make(map[types.Object][]recvSite)
	add := func(e ast.Expr, pos token.Pos, fn *astq.Func) {
		if t := info.TypeOf(e); t == nil {
			return
		} else if _, ok := t.Underlying().(*types.Chan); !ok {
			return
		}
		if obj := astq.ObjectOf(info, e); obj != nil {
			rep := alias.find(obj)
			out[rep] = append(out[rep], recvSite{e, pos, fn})
		}
	}
	for _, fn := range funcs {
		escapes := make(map[*ast.UnaryExpr]bool)
		astq.Inspect(fn.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectStmt:
				if len(n.Body.List) > 1 {
					for _, c := range n.Body.List {
						if r := commRecv(c.(*ast.CommClause).Comm); r != nil {
							escapes[r] = true
						}
					}
				}
			case *ast.RangeStmt:
				add(n.X, n.Pos(), fn)
			case *ast.UnaryExpr:
				if n.Op == token.ARROW && !escapes[n] {
					add(n.X, n.Pos(), fn)
				}
			}
			return true
		})
	}
	return out
}

// commRecv returns the receive of a select case, or nil. A receive in a
// select with other cases does not block forever when its channel is
// never closed: another case, such as <-ctx.Done(), can fire.
func commRecv(comm ast.Stmt) *ast.UnaryExpr {
	var e ast.Expr
	switch s := comm.(type) {
	case *ast.ExprStmt:
		e = s.X
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			e = s.Rhs[0]
		}
	}
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		return u
	}
	return nil
}

// unionFind groups the variables and fields that hold the same channel:
// a parameter with the arguments passed to it, and the two sides of an
// assignment. Objects never grouped are their own representative.
type unionFind map[types.Object]types.Object

func (u unionFind) find(x types.Object) types.Object {
	for {
		p, ok := u[x]
		if !ok || p == x {
			return x
		}
		u[x] = u[p] // path halving
		x = p
	}
}

func (u unionFind) union(a, b types.Object) {
	if a == nil || b == nil {
		return
	}
	if ra, rb := u.find(a), u.find(b); ra != rb {
		u[ra] = rb
	}
}

// aliases builds the channel groups of the package from static calls of
// its functions (go produce(cr, out); collect(out)) and from assignments
// of one channel variable to another.
func aliases(pass *analysis.Pass, funcs []*astq.Func) unionFind {
	info := pass.TypesInfo
	isChan := func(t types.Type) bool {
		if t == nil {
			return false
		}
		_, ok := t.Underlying().(*types.Chan)
		return ok
	}
	u := make(unionFind)
	for _, fn := range funcs {
		astq.Inspect(fn.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				callee := astq.Callee(info, pass.Pkg, n)
				if callee == nil {
					return true
				}
				params := callee.Signature().Params()
				for i, a := range n.Args {
					if i < params.Len() && isChan(params.At(i).Type()) && !(callee.Signature().Variadic() && i >= params.Len()-1) {
						u.union(params.At(i), astq.ObjectOf(info, a))
					}
				}
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i, l := range n.Lhs {
						if isChan(info.TypeOf(l)) {
							u.union(astq.ObjectOf(info, l), astq.ObjectOf(info, n.Rhs[i]))
						}
					}
				}
			}
			return true
		})
	}
	return u
}

// receivedAt finds a receive, in a function other than fn, from the
// channel group rep.
func receivedAt(fn *astq.Func, rep types.Object, recv map[types.Object][]recvSite) (recvSite, bool) {
	for _, r := range recv[rep] {
		if r.fn != fn {
			return r, true
		}
	}
	return recvSite{}, false
}

// mentions reports whether e refers to obj.
func mentions(info *types.Info, e ast.Expr, obj types.Object) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if x, ok := n.(ast.Expr); ok && astq.ObjectOf(info, x) == obj {
			found = true
		}
		return !found
	})
	return found
}

// setsFlag reports whether body assigns a variable or field that the
// condition of ifs reads, after ifs and before the signal: a flag
// recording that the signal was already made.
func setsFlag(info *types.Info, body *ast.BlockStmt, ifs *ast.IfStmt, sig signal) bool {
	read := make(map[types.Object]bool)
	ast.Inspect(ifs.Cond, func(n ast.Node) bool {
		if e, ok := n.(ast.Expr); ok {
			if obj := astq.ObjectOf(info, e); obj != nil {
				read[obj] = true
			}
		}
		return true
	})
	found := false
	astq.Inspect(body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && as.Pos() > ifs.End() && as.Pos() < sig.stmt.Pos() {
			for _, l := range as.Lhs {
				if read[astq.ObjectOf(info, l)] {
					found = true
				}
			}
		}
		return !found
	})
	return found
}
