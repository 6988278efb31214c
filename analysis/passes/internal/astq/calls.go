package astq

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// IsBuiltin reports whether call calls the predeclared function name,
// such as close or delete.
func IsBuiltin(info *types.Info, call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

// SyncCall describes a call of a method of a type of package sync, such
// as mu.Lock() or wg.Done().
type SyncCall struct {
	Type   string   // Mutex, RWMutex, WaitGroup, Cond, Once
	Method string   // Lock, Done, Wait, ...
	Recv   ast.Expr // the receiver as written: mu in mu.Lock()
	// Field is the variable or field of the sync type: the field mu for
	// s.mu.Lock(), and the embedded field Mutex for s.Lock() when s
	// embeds a sync.Mutex. It is nil when the value has no name.
	Field types.Object
}

// Sync returns the description of call when it calls a method declared in
// package sync, directly or promoted through embedded fields.
func Sync(info *types.Info, call *ast.CallExpr) (SyncCall, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return SyncCall{}, false
	}
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "sync" {
		return SyncCall{}, false
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		return SyncCall{}, false
	}
	named := Named(recv.Type())
	if named == nil {
		return SyncCall{}, false
	}
	sc := SyncCall{Type: named.Obj().Name(), Method: fn.Name(), Recv: sel.X}
	selection := info.Selections[sel]
	if selection == nil {
		return sc, true
	}
	if path := selection.Index(); len(path) > 1 {
		// Promoted: follow the embedded fields to the sync value.
		t := selection.Recv()
		var field *types.Var
		for _, i := range path[:len(path)-1] {
			st, ok := Deref(t).Underlying().(*types.Struct)
			if !ok {
				return sc, true
			}
			field = st.Field(i)
			t = field.Type()
		}
		sc.Field = field
		return sc, true
	}
	sc.Field = ObjectOf(info, sel.X)
	return sc, true
}

// Callee returns the function or method of this package that call calls
// statically, or nil.
func Callee(info *types.Info, pkg *types.Package, call *ast.CallExpr) *types.Func {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() != pkg {
		return nil
	}
	return fn.Origin()
}

// CalleeName is the short name of the function call calls, for messages:
// Get for c.Get(k) or pkg.Get(k), or the expression when it has none.
func CalleeName(info *types.Info, call *ast.CallExpr) string {
	if fn, ok := typeutil.Callee(info, call).(*types.Func); ok {
		return fn.Name()
	}
	return types.ExprString(call.Fun)
}
