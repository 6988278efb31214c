package discardederr

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/sleuth-dev/sleuth/analysis/passes/internal/astq"
)

// Analyzer reports errors discarded while a nilable companion result is
// used; see the package documentation.
var Analyzer = &analysis.Analyzer{
	Name: "discardederr",
	Doc:  "report discarded errors whose nilable companion result is then dereferenced",
	URL:  "https://pkg.go.dev/github.com/sleuth-dev/sleuth/analysis/passes/discardederr",
	Run:  run,
}

// discard is one call whose error result is assigned to the blank
// identifier.
type discard struct {
	stmt ast.Node // the assignment or declaration
	call *ast.CallExpr
	vars []*types.Var // variables receiving nilable results
}

func run(pass *analysis.Pass) (any, error) {
	for _, fn := range astq.Funcs(pass.TypesInfo, pass.Files) {
		astq.Inspect(fn.Body, func(n ast.Node) bool {
			if d, ok := discardOf(pass.TypesInfo, pass.Files, n); ok && !testSetup(pass, d.call) {
				for _, v := range d.vars {
					check(pass, fn, d, v)
				}
			}
			return true
		})
	}
	return nil, nil
}

// testSetup reports whether call is a standard library call (a path
// whose first element has no dot, other than the package under test) in
// a _test.go file, such as req, _ := http.NewRequest("GET", url, nil): tests feed
// such calls fixed inputs, and reporting every one would drown the
// reports about the code under test.
func testSetup(pass *analysis.Pass, call *ast.CallExpr) bool {
	if !astq.IsTestFile(pass.Fset, call.Pos()) {
		return false
	}
	fn, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	path := fn.Pkg().Path()
	if path == strings.TrimSuffix(pass.Pkg.Path(), "_test") {
		return false // the package under test
	}
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// discardOf recognises lhs..., _ = call() and var lhs..., _ = call()
// where the blank receives the call's final error result.
func discardOf(info *types.Info, files []*ast.File, n ast.Node) (discard, bool) {
	var lhs []ast.Expr
	var rhs []ast.Expr
	switch n := n.(type) {
	case *ast.AssignStmt:
		lhs, rhs = n.Lhs, n.Rhs
	case *ast.ValueSpec:
		for _, id := range n.Names {
			lhs = append(lhs, id)
		}
		rhs = n.Values
	default:
		return discard{}, false
	}
	if len(rhs) != 1 || len(lhs) < 2 {
		return discard{}, false
	}
	call, ok := ast.Unparen(rhs[0]).(*ast.CallExpr)
	if !ok {
		return discard{}, false
	}
	tuple, ok := info.TypeOf(call).(*types.Tuple)
	if !ok || tuple.Len() != len(lhs) || !astq.IsError(tuple.At(tuple.Len()-1).Type()) {
		return discard{}, false
	}
	if id, ok := lhs[len(lhs)-1].(*ast.Ident); !ok || id.Name != "_" {
		return discard{}, false
	}
	d := discard{stmt: n, call: call}
	callee, _ := typeutil.Callee(info, call).(*types.Func)
	for i, e := range lhs[:len(lhs)-1] {
		id, ok := e.(*ast.Ident)
		if !ok || id.Name == "_" || !astq.Nilable(tuple.At(i).Type()) {
			continue
		}
		if callee != nil && !astq.MayReturnNil(info, files, callee, i) {
			continue // visibly never nil, error or not
		}
		if v, ok := info.ObjectOf(id).(*types.Var); ok && !v.IsField() && v.Parent() != v.Pkg().Scope() {
			d.vars = append(d.vars, v)
		}
	}
	return d, len(d.vars) > 0
}

// check reports d if v is used unsafely in fn after d, before it is
// assigned again, and never compared with nil; or if fn returns v to
// callers that have no error to tell them it may be nil.
func check(pass *analysis.Pass, fn *astq.Func, d discard, v *types.Var) {
	after := d.stmt.End()
	reassigned := token.Pos(-1) // first later assignment, if any
	var use, returned ast.Node
	guarded := false
	ast.PreorderStack(fn.Body, nil, func(n ast.Node, stack []ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || id.Pos() < after || pass.TypesInfo.Uses[id] != v || len(stack) == 0 {
			return true
		}
		parent := stack[len(stack)-1]
		switch {
		case isNilComparison(pass.TypesInfo, parent):
			guarded = true
		case isAssigned(parent, id):
			if reassigned < 0 || id.Pos() < reassigned {
				reassigned = id.Pos()
			}
		case use == nil && panicsOnNil(pass, v, id, stack):
			use = id
		case returned == nil && isResult(parent, id, stack, fn):
			returned = id
		}
		return true
	})
	before := func(n ast.Node) bool { return n != nil && (reassigned < 0 || n.Pos() < reassigned) }
	if guarded {
		return
	}
	name := astq.CalleeName(pass.TypesInfo, d.call)
	var msg string
	switch {
	case before(use):
		msg = fmt.Sprintf("error from %s discarded; its other result may be nil when it fails, and %s is dereferenced at %s",
			name, v.Name(), astq.Site(pass.Fset, d.stmt.Pos(), use.Pos()))
	case before(returned) && !returnsError(pass.TypesInfo, fn):
		msg = fmt.Sprintf("error from %s discarded; its other result may be nil when it fails, and %s returns %s with no error to tell its callers",
			name, fn.Name(), v.Name())
		use = returned
	default:
		return
	}
	pass.Report(analysis.Diagnostic{
		Pos:     d.stmt.Pos(),
		End:     d.stmt.End(),
		Message: msg,
		Related: []analysis.RelatedInformation{{Pos: use.Pos(), End: use.End(), Message: v.Name() + " used here"}},
	})
}

// isResult reports whether id is one of the results of a return
// statement of fn itself (not of a function literal inside it).
func isResult(parent ast.Node, id *ast.Ident, stack []ast.Node, fn *astq.Func) bool {
	ret, ok := parent.(*ast.ReturnStmt)
	if !ok {
		return false
	}
	for _, n := range stack {
		if lit, ok := n.(*ast.FuncLit); ok && lit != fn.Node {
			return false
		}
	}
	for _, r := range ret.Results {
		if r == id {
			return true
		}
	}
	return false
}

// returnsError reports whether fn has an error among its results.
func returnsError(info *types.Info, fn *astq.Func) bool {
	var sig *types.Signature
	switch n := fn.Node.(type) {
	case *ast.FuncDecl:
		if fn.Obj != nil {
			sig = fn.Obj.Signature()
		}
	case *ast.FuncLit:
		sig, _ = info.TypeOf(n).(*types.Signature)
	}
	if sig == nil {
		return true // unknown: assume callers are told
	}
	for i := range sig.Results().Len() {
		if astq.IsError(sig.Results().At(i).Type()) {
			return true
		}
	}
	return false
}

// isNilComparison reports whether n is x == nil or x != nil.
func isNilComparison(info *types.Info, n ast.Node) bool {
	b, ok := n.(*ast.BinaryExpr)
	if !ok || (b.Op != token.EQL && b.Op != token.NEQ) {
		return false
	}
	return info.Types[b.X].IsNil() || info.Types[b.Y].IsNil()
}

// isAssigned reports whether id is assigned by parent or has its address
// taken, after which its value is no longer the call's.
func isAssigned(parent ast.Node, id *ast.Ident) bool {
	switch p := parent.(type) {
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if l == id {
				return true
			}
		}
	case *ast.UnaryExpr:
		return p.Op == token.AND
	case *ast.RangeStmt:
		return p.Key == id || p.Value == id
	}
	return false
}

// panicsOnNil reports whether the use id of v, whose parents are stack,
// panics when v is nil.
func panicsOnNil(pass *analysis.Pass, v *types.Var, id *ast.Ident, stack []ast.Node) bool {
	parent := stack[len(stack)-1]
	under := v.Type().Underlying()
	switch p := parent.(type) {
	case *ast.StarExpr:
		return true
	case *ast.CallExpr:
		_, isFunc := under.(*types.Signature)
		return isFunc && p.Fun == id
	case *ast.IndexExpr:
		if p.X != id {
			return false
		}
		switch under.(type) {
		case *types.Map:
			return len(stack) >= 2 && writesIndex(stack[len(stack)-2], p)
		case *types.Pointer:
			return true // pointer to array
		}
	case *ast.SelectorExpr:
		return p.X == id && astq.SelectionPanicsOnNil(pass.TypesInfo, pass.Files, pass.TypesInfo.Selections[p])
	}
	return false
}

// writesIndex reports whether parent stores into the map element ix.
func writesIndex(parent ast.Node, ix *ast.IndexExpr) bool {
	switch p := parent.(type) {
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if l == ix {
				return true
			}
		}
	case *ast.IncDecStmt:
		return p.X == ix
	}
	return false
}
