package astq

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// Func is a function with a body: a declaration or a literal.
type Func struct {
	Node ast.Node // *ast.FuncDecl or *ast.FuncLit
	Body *ast.BlockStmt
	Obj  *types.Func // nil for literals
	Type *ast.FuncType
	// Outer is the function a literal appears in, nil for declarations.
	Outer *Func
}

// Name describes f for messages: its name, or "func literal in Outer".
func (f *Func) Name() string {
	if f.Obj != nil {
		return f.Obj.Name()
	}
	if f.Outer != nil {
		return "func literal in " + f.Outer.Name()
	}
	return "func literal"
}

// Funcs returns every function with a body in files, declarations and
// literals, each literal after the function that contains it.
func Funcs(info *types.Info, files []*ast.File) []*Func {
	var out []*Func
	var visit func(n ast.Node, outer *Func)
	visit = func(n ast.Node, outer *Func) {
		ast.Inspect(n, func(n ast.Node) bool {
			lit, ok := n.(*ast.FuncLit)
			if !ok {
				return true
			}
			f := &Func{Node: lit, Body: lit.Body, Type: lit.Type, Outer: outer}
			out = append(out, f)
			visit(lit.Body, f)
			return false
		})
	}
	for _, file := range files {
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			obj, _ := info.Defs[fd.Name].(*types.Func)
			f := &Func{Node: fd, Body: fd.Body, Obj: obj, Type: fd.Type}
			out = append(out, f)
			visit(fd.Body, f)
		}
	}
	return out
}

// Inspect calls fn for each node under n in depth-first order, like
// ast.Inspect, but does not enter function literals: their bodies run at
// another time, often on another goroutine. The literal itself is passed
// to fn.
func Inspect(n ast.Node, fn func(ast.Node) bool) {
	ast.Inspect(n, func(m ast.Node) bool {
		if m == nil {
			return false
		}
		if !fn(m) {
			return false
		}
		_, lit := m.(*ast.FuncLit)
		return !lit
	})
}

// Terminates reports whether control never falls out of the end of the
// statement list: its last statement returns, panics, or jumps.
func Terminates(info *types.Info, list []ast.Stmt) bool {
	if len(list) == 0 {
		return false
	}
	switch s := list[len(list)-1].(type) {
	case *ast.ReturnStmt, *ast.BranchStmt:
		return true
	case *ast.BlockStmt:
		return Terminates(info, s.List)
	case *ast.ExprStmt:
		if call, ok := s.X.(*ast.CallExpr); ok {
			return IsBuiltin(info, call, "panic")
		}
	case *ast.IfStmt:
		if s.Else == nil || !Terminates(info, s.Body.List) {
			return false
		}
		switch e := s.Else.(type) {
		case *ast.BlockStmt:
			return Terminates(info, e.List)
		case *ast.IfStmt:
			return Terminates(info, []ast.Stmt{e})
		}
	}
	return false
}

// IsTestFile reports whether the file holding pos is a _test.go file.
func IsTestFile(fset *token.FileSet, pos token.Pos) bool {
	return strings.HasSuffix(fset.File(pos).Name(), "_test.go")
}

// Site formats a position for a message that names another place: the
// line alone when it is in the same file as from, file:line otherwise.
func Site(fset *token.FileSet, from, pos token.Pos) string {
	p := fset.Position(pos)
	if fset.File(from) == fset.File(pos) {
		return "line " + strconv.Itoa(p.Line)
	}
	name := p.Filename
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	return name + ":" + strconv.Itoa(p.Line)
}
