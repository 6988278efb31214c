package astq

import (
	"go/ast"
	"go/types"
)

// ObjectOf returns the variable or field an expression denotes: the
// variable for an identifier, the field for a selector x.f (whatever x
// is), and the same through parentheses. Two expressions with the same
// object name the same variable, or the same field of possibly different
// values. It returns nil for anything else.
func ObjectOf(info *types.Info, e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return info.ObjectOf(e)
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[e]; ok {
			if sel.Kind() == types.FieldVal {
				return sel.Obj()
			}
			return nil
		}
		// A qualified identifier, pkg.Var.
		return info.ObjectOf(e.Sel)
	}
	return nil
}

// Var returns ObjectOf(e) if it is a variable or field, and nil otherwise.
func Var(info *types.Info, e ast.Expr) *types.Var {
	v, _ := ObjectOf(info, e).(*types.Var)
	return v
}

// Root returns the variable at the base of a chain of selectors, indexes,
// dereferences and parentheses: s for s.a.b[i].mu. It returns nil when the
// base is not a variable, such as a call result.
func Root(info *types.Info, e ast.Expr) types.Object {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			if v, ok := info.ObjectOf(x).(*types.Var); ok {
				return v
			}
			return nil
		case *ast.SelectorExpr:
			if _, ok := info.Selections[x]; !ok {
				// pkg.Var: the package-level variable is the root.
				if v, ok := info.ObjectOf(x.Sel).(*types.Var); ok {
					return v
				}
				return nil
			}
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.UnaryExpr:
			e = x.X
		default:
			return nil
		}
	}
}

// Nilable reports whether the zero value of t is nil and using it can
// panic or block: pointers, maps, channels, functions and interfaces.
// Slices are left out: a nil slice is an empty slice.
func Nilable(t types.Type) bool {
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		return false
	}
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		return true
	}
	return false
}

// IsError reports whether t is the predeclared error type.
func IsError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// Deref returns the type a pointer points to, or t itself.
func Deref(t types.Type) types.Type {
	if p, ok := types.Unalias(t).Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// Named returns the generic origin of the named type t or *t, or nil.
func Named(t types.Type) *types.Named {
	if n, ok := types.Unalias(Deref(t)).(*types.Named); ok {
		return n.Origin()
	}
	return nil
}
