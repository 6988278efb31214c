package unlockedmap

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/sleuth-dev/sleuth/analysis/passes/internal/astq"
	"github.com/sleuth-dev/sleuth/analysis/passes/internal/lockset"
)

// Analyzer reports map fields written without their mutex; see the
// package documentation.
var Analyzer = &analysis.Analyzer{
	Name: "unlockedmap",
	Doc:  "report map fields written without the mutex that guards their other writes",
	URL:  "https://pkg.go.dev/github.com/sleuth-dev/sleuth/analysis/passes/unlockedmap",
	Run:  run,
}

// scope is how a function's body runs with respect to the locks of its
// creator.
type scope struct {
	// named is the declared function whose callers' locks the body runs
	// under: the function itself, or for a literal called in place the
	// declaration around it. It is nil for goroutines.
	named *types.Func
	// unknown is set for a literal that is not called in place: passed
	// to another function, which may call it with a lock held
	// (withLock(mu, func() {...})) or not, or stored for later.
	unknown bool
}

// write is one write to a map field.
type write struct {
	node  ast.Node          // the assignment, increment or delete
	sel   *ast.SelectorExpr // x.m, the map
	field *types.Var
	owner *types.Struct // the struct m belongs to
	root  types.Object  // x's variable
	fn    *astq.Func
	held  lockset.Held
}

// call is one call of a function of the package.
type call struct {
	expr   *ast.CallExpr
	callee *types.Func
	fn     *astq.Func
	held   lockset.Held
}

// facts is what run collects over the package before judging.
type facts struct {
	pass   *analysis.Pass
	scopes map[*astq.Func]scope
	writes []write
	calls  map[*types.Func][]call
	// entry caches, per function and struct, the state in which the
	// function's callers call it.
	entry map[entryKey]state
}

type entryKey struct {
	fn *types.Func
	st *types.Struct
}

func run(pass *analysis.Pass) (any, error) {
	info := pass.TypesInfo
	funcs := astq.Funcs(info, pass.Files)
	goLits, calledLits := literalKinds(pass.Files)
	sums := lockset.Summarize(info, funcs)

	fx := &facts{
		pass:   pass,
		scopes: make(map[*astq.Func]scope),
		calls:  make(map[*types.Func][]call),
		entry:  make(map[entryKey]state),
	}
	// A literal not started as a goroutine runs, as far as we can tell,
	// while its creator still holds the locks it held when creating it;
	// whether that matters depends on its scope.
	litHeld := make(map[*ast.FuncLit]lockset.Held)
	for _, fn := range funcs {
		var start lockset.Held
		switch node := fn.Node.(type) {
		case *ast.FuncDecl:
			fx.scopes[fn] = scope{named: fn.Obj}
		case *ast.FuncLit:
			start = litHeld[node]
			if !goLits[node] {
				outer := fx.scopes[fn.Outer]
				fx.scopes[fn] = scope{named: outer.named, unknown: outer.unknown || !calledLits[node]}
			}
		}
		lockset.WalkFrom(info, fn.Body, start, sums, func(n ast.Node, held lockset.Held) {
			switch n := n.(type) {
			case *ast.FuncLit:
				if !goLits[n] {
					litHeld[n] = held
				}
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					fx.addWrite(n, l, fn, held)
				}
			case *ast.IncDecStmt:
				fx.addWrite(n, n.X, fn, held)
			case *ast.CallExpr:
				if astq.IsBuiltin(info, n, "delete") && len(n.Args) == 2 {
					fx.addWrite(n, &ast.IndexExpr{X: n.Args[0], Index: n.Args[1]}, fn, held)
				}
				if callee := astq.Callee(info, pass.Pkg, n); callee != nil {
					fx.calls[callee] = append(fx.calls[callee], call{n, callee, fn, held})
				}
			}
		})
	}
	fx.report()
	return nil, nil
}

// literalKinds finds the function literals started as goroutines and
// those called where they are written (func() {...}(), possibly
// deferred). Any other literal is stored or passed on and called at a
// time unknown here.
func literalKinds(files []*ast.File) (goLits, calledLits map[*ast.FuncLit]bool) {
	goLits, calledLits = make(map[*ast.FuncLit]bool), make(map[*ast.FuncLit]bool)
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt:
				if lit, ok := ast.Unparen(n.Call.Fun).(*ast.FuncLit); ok {
					goLits[lit] = true
				}
			case *ast.CallExpr:
				if lit, ok := ast.Unparen(n.Fun).(*ast.FuncLit); ok {
					calledLits[lit] = true
				}
			}
			return true
		})
	}
	return goLits, calledLits
}

// addWrite records target if it is an element m[k] of a map field.
func (fx *facts) addWrite(node ast.Node, target ast.Expr, fn *astq.Func, held lockset.Held) {
	info := fx.pass.TypesInfo
	ix, ok := ast.Unparen(target).(*ast.IndexExpr)
	if !ok {
		return
	}
	sel, ok := ast.Unparen(ix.X).(*ast.SelectorExpr)
	if !ok {
		return
	}
	s, ok := info.Selections[sel]
	if !ok || s.Kind() != types.FieldVal {
		return
	}
	field := s.Obj().(*types.Var)
	if _, ok := field.Type().Underlying().(*types.Map); !ok {
		return
	}
	owner, ok := astq.Deref(s.Recv()).Underlying().(*types.Struct)
	if !ok || len(s.Index()) != 1 {
		return // promoted fields: the owner is not the receiver's struct
	}
	fx.writes = append(fx.writes, write{node, sel, field.Origin(), owner, astq.Root(info, sel.X), fn, held})
}

// guard returns the lock in held that guards fields of st: a mutex field
// of st or a package-level mutex, reached from root when both are known.
// It prefers a write lock.
func guard(held lockset.Held, st *types.Struct, root types.Object) (lockset.Lock, bool) {
	var found lockset.Lock
	ok := false
	for _, l := range held {
		if !guards(l, st) || (root != nil && l.Root != nil && l.Root != root && isField(l.Class)) {
			continue
		}
		if !ok || l.Mode == lockset.Write {
			found, ok = l, true
		}
	}
	return found, ok
}

// writeLocked reports whether held includes a write lock guarding st.
func writeLocked(held lockset.Held, st *types.Struct, root types.Object) bool {
	l, ok := guard(held, st, root)
	return ok && l.Mode == lockset.Write
}

// guards reports whether lock l can guard fields of st.
func guards(l lockset.Lock, st *types.Struct) bool {
	v, ok := l.Class.(*types.Var)
	if !ok {
		return false
	}
	if !v.IsField() {
		return v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
	}
	for i := range st.NumFields() {
		if st.Field(i) == v || st.Field(i) == v.Origin() {
			return true
		}
	}
	return false
}

func isField(obj types.Object) bool {
	v, ok := obj.(*types.Var)
	return ok && v.IsField()
}

// builtHere reports whether root is a local variable of body initialised
// from a composite literal or new: a value not yet shared.
func builtHere(info *types.Info, body *ast.BlockStmt, root types.Object) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE || len(as.Lhs) != len(as.Rhs) {
			return !found
		}
		for i, l := range as.Lhs {
			if id, ok := l.(*ast.Ident); ok && info.Defs[id] == root && isFresh(info, as.Rhs[i]) {
				found = true
			}
		}
		return !found
	})
	return found
}

// isFresh reports whether e builds a new value: T{...}, &T{...}, new(T).
func isFresh(info *types.Info, e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		return true
	case *ast.UnaryExpr:
		_, ok := ast.Unparen(e.X).(*ast.CompositeLit)
		return e.Op == token.AND && ok
	case *ast.CallExpr:
		return astq.IsBuiltin(info, e, "new")
	}
	return false
}
