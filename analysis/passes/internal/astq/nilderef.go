package astq

import (
	"go/ast"
	"go/token"
	"go/types"
)

// SelectionPanicsOnNil reports whether evaluating x.f, for the selection
// sel, panics when x is a nil pointer or nil interface.
//
// A field through a pointer always does, as does a method with a value
// receiver reached through a pointer, and any method of a nil interface.
// A method with a pointer receiver is called with the nil receiver and
// panics only if it uses it; that is decided only for methods declared
// in files (those of the package being analysed): it panics when the
// method selects through its receiver and never compares it with nil.
// Methods of other packages are assumed safe, as many accept nil (the
// methods of *os.File, of *types.TypeParamList).
func SelectionPanicsOnNil(info *types.Info, files []*ast.File, sel *types.Selection) bool {
	if sel == nil {
		return false
	}
	switch sel.Kind() {
	case types.FieldVal:
		return sel.Indirect()
	case types.MethodVal:
		if types.IsInterface(sel.Recv()) {
			return true
		}
		fn, ok := sel.Obj().(*types.Func)
		if !ok {
			return false
		}
		recv := fn.Signature().Recv()
		if recv == nil {
			return false
		}
		if _, ptr := types.Unalias(recv.Type()).(*types.Pointer); !ptr {
			// A value receiver is copied out of the pointer. (Selection.
			// Indirect cannot tell: see go.dev/issue/8353.)
			_, viaPtr := sel.Recv().Underlying().(*types.Pointer)
			return viaPtr
		}
		return usesReceiver(info, files, fn)
	}
	return false
}

// usesReceiver reports whether the method fn, declared in files, selects
// through its receiver without ever comparing it with nil.
func usesReceiver(info *types.Info, files []*ast.File, fn *types.Func) bool {
	decl := Decl(info, files, fn.Origin())
	if decl == nil || decl.Body == nil || len(decl.Recv.List) == 0 || len(decl.Recv.List[0].Names) == 0 {
		return false
	}
	recv := info.Defs[decl.Recv.List[0].Names[0]]
	if recv == nil {
		return false
	}
	checks, uses := false, false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if (n.Op == token.EQL || n.Op == token.NEQ) &&
				(ObjectOf(info, n.X) == recv || ObjectOf(info, n.Y) == recv) {
				checks = true
			}
		case *ast.SelectorExpr:
			if ObjectOf(info, n.X) == recv {
				uses = true
			}
		case *ast.StarExpr:
			if ObjectOf(info, n.X) == recv {
				uses = true
			}
		}
		return true
	})
	return uses && !checks
}

// Decl returns the declaration of the function or method fn among files,
// or nil when it is declared elsewhere.
func Decl(info *types.Info, files []*ast.File, fn *types.Func) *ast.FuncDecl {
	for _, f := range files {
		if fn.Pos() < f.FileStart || fn.Pos() > f.FileEnd {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && info.Defs[fd.Name] == fn {
				return fd
			}
		}
	}
	return nil
}

// MayReturnNil reports whether the function fn may return nil as its
// result i. It is true unless fn is declared among files and each of its
// return statements gives an explicit result i other than the nil
// literal; a variable returned there is trusted to be non-nil.
func MayReturnNil(info *types.Info, files []*ast.File, fn *types.Func, i int) bool {
	decl := Decl(info, files, fn.Origin())
	if decl == nil || decl.Body == nil {
		return true
	}
	n := fn.Signature().Results().Len()
	may := false
	Inspect(decl.Body, func(node ast.Node) bool {
		ret, ok := node.(*ast.ReturnStmt)
		if !ok {
			return !may
		}
		if len(ret.Results) != n || info.Types[ret.Results[i]].IsNil() {
			may = true // naked, forwarded from a call, or nil
		}
		return !may
	})
	return may
}
