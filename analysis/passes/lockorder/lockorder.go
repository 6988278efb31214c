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
	for _, fn := range astq.Funcs(info, pass.Files) {
		lockset.Walk(info, fn.Body, func(n ast.Node, held lockset.Held) {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return
			}
			l, delta, ok := lockset.Op(info, call)
			if !ok || delta < 0 {
				return
			}
			for _, h := range held {
				if !h.Same(l) {
					edges = append(edges, edge{h, l, fn})
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
				Related: []analysis.RelatedInformation{{Pos: o.to.Call.Pos(), End: o.to.Call.End(), Message: "opposite order"}},
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
	params := paramsOf(pass.TypesInfo, e.fn)
	if !params[a] || !params[b] || ordersBoth(pass.TypesInfo, e.fn.Body, a, b) {
		return
	}
	pass.Report(analysis.Diagnostic{
		Pos: e.to.Call.Pos(),
		End: e.to.Call.End(),
		Message: fmt.Sprintf("locks %s while holding %s, a mutex of the same field: a concurrent call with %s and %s swapped locks them in the opposite order and deadlocks; lock them in a fixed order",
			e.to.Path, e.from.Path, a.Name(), b.Name()),
	})
}

// paramsOf returns the receiver and parameters of fn.
func paramsOf(info *types.Info, fn *astq.Func) map[types.Object]bool {
	out := make(map[types.Object]bool)
	var lists []*ast.FieldList
	if d, ok := fn.Node.(*ast.FuncDecl); ok && d.Recv != nil {
		lists = append(lists, d.Recv)
	}
	lists = append(lists, fn.Type.Params)
	for _, l := range lists {
		for _, f := range l.List {
			for _, id := range f.Names {
				if obj := info.Defs[id]; obj != nil {
					out[obj] = true
				}
			}
		}
	}
	return out
}

// ordersBoth reports whether body compares a and b (a.id < b.id, or
// their addresses), the usual way to lock two values in a fixed order.
func ordersBoth(info *types.Info, body *ast.BlockStmt, a, b types.Object) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		be, ok := n.(*ast.BinaryExpr)
		if !ok || found {
			return !found
		}
		switch be.Op {
		case token.LSS, token.GTR, token.LEQ, token.GEQ:
			ra, rb := uses(info, be.X), uses(info, be.Y)
			found = ra[a] && rb[b] || ra[b] && rb[a]
		}
		return !found
	})
	return found
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
