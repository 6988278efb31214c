package condwait

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/sleuth-dev/sleuth/analysis/passes/internal/astq"
)

// Analyzer reports Cond wait loops that ignore a broadcaster's state; see
// the package documentation.
var Analyzer = &analysis.Analyzer{
	Name: "condwait",
	Doc:  "report sync.Cond wait loops whose predicate ignores the state a Broadcast or Signal announces",
	URL:  "https://pkg.go.dev/github.com/sleuth-dev/sleuth/analysis/passes/condwait",
	Run:  run,
}

// signaller is a function that signals a Cond after changing state.
type signaller struct {
	fn       *astq.Func
	call     *ast.CallExpr  // the Broadcast or Signal
	assigned []types.Object // fields and package variables it assigns
	changed  map[types.Object]bool
}

func run(pass *analysis.Pass) (any, error) {
	info := pass.TypesInfo
	funcs := astq.Funcs(info, pass.Files)
	bodies := make(map[*types.Func]*ast.BlockStmt)
	for _, fn := range funcs {
		if fn.Obj != nil {
			bodies[fn.Obj] = fn.Body
		}
	}

	signals := make(map[types.Object][]signaller)
	for _, fn := range funcs {
		astq.Inspect(fn.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sc, ok := astq.Sync(info, call)
			if !ok || sc.Type != "Cond" || (sc.Method != "Broadcast" && sc.Method != "Signal") || sc.Field == nil {
				return true
			}
			assigned, changed := changes(info, fn.Body)
			if len(assigned) > 0 {
				signals[sc.Field] = append(signals[sc.Field], signaller{fn, call, assigned, changed})
			}
			return true
		})
	}
	if len(signals) == 0 {
		return nil, nil
	}

	for _, fn := range funcs {
		astq.Inspect(fn.Body, func(n ast.Node) bool {
			loop, ok := n.(*ast.ForStmt)
			if !ok || loop.Cond == nil {
				return true
			}
			cond := waitedCond(info, loop.Body)
			if cond == nil {
				return true
			}
			read := reads(info, loop, bodies)
			for _, s := range signals[cond] {
				if s.fn == fn || overlaps(s.changed, read) {
					continue
				}
				report(pass, loop, s)
				break
			}
			return true
		})
	}
	return nil, nil
}

// waitedCond returns the Cond that body waits on, or nil.
func waitedCond(info *types.Info, body *ast.BlockStmt) types.Object {
	var cond types.Object
	astq.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && cond == nil {
			if sc, ok := astq.Sync(info, call); ok && sc.Type == "Cond" && sc.Method == "Wait" {
				cond = sc.Field
			}
		}
		return cond == nil
	})
	return cond
}

// changes returns the fields and package-level variables body assigns,
// and the larger set it may change in any way.
func changes(info *types.Info, body *ast.BlockStmt) (assigned []types.Object, changed map[types.Object]bool) {
	changed = make(map[types.Object]bool)
	mark := func(e ast.Expr, assign bool) {
		// The outermost named field or variable of e: items for
		// q.items[k], and the field itself for q.closed.
		for {
			if obj := shared(info, e); obj != nil {
				if assign && !changed[obj] {
					assigned = append(assigned, obj)
				}
				changed[obj] = true
				return
			}
			switch x := ast.Unparen(e).(type) {
			case *ast.IndexExpr:
				e = x.X
			case *ast.StarExpr:
				e = x.X
			default:
				return
			}
		}
	}
	astq.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				mark(l, true)
			}
		case *ast.IncDecStmt:
			mark(n.X, true)
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				mark(n.X, false)
			}
		case *ast.CallExpr:
			if astq.IsBuiltin(info, n, "delete") && len(n.Args) > 0 {
				mark(n.Args[0], true)
			}
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
				if _, isSync := astq.Sync(info, n); !isSync {
					mark(sel.X, false) // a method may change its receiver
				}
			}
		}
		return true
	})
	return assigned, changed
}

// shared returns the field or package-level variable e names, or nil for
// locals and anything else.
func shared(info *types.Info, e ast.Expr) types.Object {
	v, ok := astq.ObjectOf(info, e).(*types.Var)
	if !ok {
		return nil
	}
	if v.IsField() || (v.Pkg() != nil && v.Parent() == v.Pkg().Scope()) {
		return v
	}
	return nil
}

// reads returns the objects the loop refers to, including those referred
// to by the package functions it calls, transitively.
func reads(info *types.Info, loop *ast.ForStmt, bodies map[*types.Func]*ast.BlockStmt) map[types.Object]bool {
	out := make(map[types.Object]bool)
	seen := make(map[*types.Func]bool)
	var visit func(n ast.Node)
	visit = func(n ast.Node) {
		ast.Inspect(n, func(m ast.Node) bool {
			id, ok := m.(*ast.Ident)
			if !ok {
				return true
			}
			obj := info.Uses[id]
			out[obj] = true
			if fn, ok := obj.(*types.Func); ok && !seen[fn.Origin()] {
				seen[fn.Origin()] = true
				if body := bodies[fn.Origin()]; body != nil {
					visit(body)
				}
			}
			return true
		})
	}
	visit(loop.Cond)
	visit(loop.Body)
	return out
}

func overlaps(changed, read map[types.Object]bool) bool {
	for obj := range changed {
		if read[obj] {
			return true
		}
	}
	return false
}

// report reports loop, which never reads what s changes.
func report(pass *analysis.Pass, loop *ast.ForStmt, s signaller) {
	var names []string
	for _, obj := range s.assigned {
		names = append(names, obj.Name())
	}
	method := s.call.Fun.(*ast.SelectorExpr).Sel.Name
	pass.Report(analysis.Diagnostic{
		Pos: loop.Cond.Pos(),
		End: loop.Cond.End(),
		Message: fmt.Sprintf("Wait loop never checks %s, which %s sets before %s at %s: the waiter wakes, finds %s unchanged and sleeps forever",
			strings.Join(names, ", "), s.fn.Name(), method, astq.Site(pass.Fset, loop.Cond.Pos(), s.call.Pos()), types.ExprString(loop.Cond)),
		Related: []analysis.RelatedInformation{{Pos: s.call.Pos(), End: s.call.End(), Message: method + " here"}},
	})
}
