package lockorder

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/sleuth-dev/sleuth/analysis/passes/internal/astq"
	"github.com/sleuth-dev/sleuth/analysis/passes/internal/lockset"
)

// Analyzer reports mutexes locked in deadlocking orders; see the package
// documentation.
var Analyzer = &analysis.Analyzer{
	Name: "lockorder",
	Doc:  "report two mutexes locked in opposite orders, or same-type mutexes locked in argument order",
	URL:  "https://pkg.go.dev/github.com/sleuth-dev/sleuth/analysis/passes/lockorder",
	Run:  run,
}

// edge records that fn locked to while holding from.
type edge struct {
	from, to lockset.Lock
	fn       *astq.Func
}

func run(pass *analysis.Pass) (any, error) {
	info := pass.TypesInfo
	var edges []edge
	funcs := astq.Funcs(info, pass.Files)
	sums := lockset.Summarize(info, funcs)
	for _, fn := range funcs {
		lockset.Walk(info, fn.Body, sums, func(n ast.Node, held lockset.Held) {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return
			}
			// Locks the call acquires: its own, or a helper's.
			var acquired []lockset.Lock
			if l, delta, ok := lockset.Op(info, call); ok && delta > 0 {
				acquired = append(acquired, l)
			} else if eff, ok := sums.Of(info, call); ok {
				acquired = eff.Acquires
			}
			for _, l := range acquired {
				for _, h := range held {
					if !h.Same(l) {
						edges = append(edges, edge{h, l, fn})
					}
				}
			}
		})
	}

	for _, e := range edges {
		if e.from.Class == e.to.Class {
			checkArgumentOrder(pass, e)
			continue
		}
		for _, o := range edges {
			if o.from.Class != e.to.Class || o.to.Class != e.from.Class || !conflicts(e, o) {
				continue
			}
			pass.Report(analysis.Diagnostic{
				Pos: e.to.Call.Pos(),
				End: e.to.Call.End(),
				Message: fmt.Sprintf("locks %s while holding %s, but %s locks them in the opposite order at %s: the two can deadlock",
					e.to.Path, e.from.Path, o.fn.Name(), astq.Site(pass.Fset, e.to.Call.Pos(), o.to.Call.Pos())),
				Related: []analysis.RelatedInformation{
					{Pos: e.from.Call.Pos(), End: e.from.Call.End(), Message: "first lock"},
					{Pos: o.to.Call.Pos(), End: o.to.Call.End(), Message: "opposite order"},
				},
			})
			break
		}
	}
	return nil, nil
}

// conflicts reports whether goroutines running e and o can block each
// other: each must wait for a lock the other holds in a mode that
// excludes its own.
func conflicts(e, o edge) bool {
	w := func(l lockset.Lock) bool { return l.Mode == lockset.Write }
	return (w(e.to) || w(o.from)) && (w(o.to) || w(e.from))
}

// checkArgumentOrder reports e when it locks two mutexes of one class
// reached from two parameters, in the order the parameters are given.
func checkArgumentOrder(pass *analysis.Pass, e edge) {
	if e.from.Mode != lockset.Write && e.to.Mode != lockset.Write {
		return
	}
	a, b := e.from.Root, e.to.Root
	if a == nil || b == nil || a == b {
		return
	}
	info := pass.TypesInfo
	params, recv := paramsOf(info, e.fn)
	oa, ob := origins(info, e.fn, a, params, recv), origins(info, e.fn, b, params, recv)
	if len(oa) == 0 || len(ob) == 0 || sameSet(oa, ob) || ordersBoth(info, e.fn.Body, with(oa, a), with(ob, b)) {
		return
	}
	pass.Report(analysis.Diagnostic{
		Pos: e.to.Call.Pos(),
		End: e.to.Call.End(),
		Message: fmt.Sprintf("locks %s while holding %s, a mutex of the same field: a concurrent call with %s and %s swapped locks them in the opposite order and deadlocks; lock them in a fixed order",
			e.to.Path, e.from.Path, name(oa), name(ob)),
		Related: []analysis.RelatedInformation{{Pos: e.from.Call.Pos(), End: e.from.Call.End(), Message: "first lock"}},
	})
}

// origins returns the parameters the caller chooses root through: root
// itself if it is the receiver or a parameter, or the parameters (not the
// receiver) that the expression defining the local variable root reads,
// as in from := l.accounts[fromID].
func origins(info *types.Info, fn *astq.Func, root types.Object, params map[types.Object]bool, recv types.Object) map[types.Object]bool {
	out := make(map[types.Object]bool)
	if params[root] || root == recv {
		out[root] = true
		return out
	}
	var def ast.Expr
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
			for i, l := range as.Lhs {
				if id, ok := l.(*ast.Ident); ok && info.Defs[id] == root {
					if len(as.Rhs) == len(as.Lhs) {
						def = as.Rhs[i]
					} else if len(as.Rhs) == 1 {
						def = as.Rhs[0]
					}
				}
			}
		}
		return def == nil
	})
	if def == nil {
		return nil
	}
	for obj := range uses(info, def) {
		if params[obj] {
			out[obj] = true
		}
	}
	return out
}

// with returns set plus obj.
func with(set map[types.Object]bool, obj types.Object) map[types.Object]bool {
	out := map[types.Object]bool{obj: true}
	for k := range set {
		out[k] = true
	}
	return out
}

// sameSet reports whether a and b hold the same parameters: two values
// derived from the same arguments keep their order whatever the caller
// does.
func sameSet(a, b map[types.Object]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

// name returns the name of a parameter in set, for messages.
func name(set map[types.Object]bool) string {
	best := ""
	for obj := range set {
		if best == "" || obj.Name() < best {
			best = obj.Name()
		}
	}
	return best
}

// paramsOf returns the parameters and the receiver of fn.
func paramsOf(info *types.Info, fn *astq.Func) (params map[types.Object]bool, recv types.Object) {
	params = make(map[types.Object]bool)
	if d, ok := fn.Node.(*ast.FuncDecl); ok && d.Recv != nil {
		for _, f := range d.Recv.List {
			for _, id := range f.Names {
				recv = info.Defs[id]
			}
		}
	}
	for _, f := range fn.Type.Params.List {
		for _, id := range f.Names {
			if obj := info.Defs[id]; obj != nil {
				params[obj] = true
			}
		}
	}
	return params, recv
}

// ordersBoth reports whether body compares something from a with
// something from b (a.id < b.id, fromID < toID, or addresses), the usual
// way to lock two values in a fixed order.
func ordersBoth(info *types.Info, body *ast.BlockStmt, a, b map[types.Object]bool) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		be, ok := n.(*ast.BinaryExpr)
		if !ok || found {
			return !found
		}
		switch be.Op {
		case token.LSS, token.GTR, token.LEQ, token.GEQ:
			ux, uy := uses(info, be.X), uses(info, be.Y)
			found = meets(ux, a) && meets(uy, b) || meets(ux, b) && meets(uy, a)
		}
		return !found
	})
	return found
}

// meets reports whether the two sets share an element.
func meets(x, y map[types.Object]bool) bool {
	for k := range x {
		if y[k] {
			return true
		}
	}
	return false
}

// uses returns the objects e refers to.
func uses(info *types.Info, e ast.Expr) map[types.Object]bool {
	out := make(map[types.Object]bool)
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if obj := info.Uses[id]; obj != nil {
				out[obj] = true
			}
		}
		return true
	})
	return out
}
