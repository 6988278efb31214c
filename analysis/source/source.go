// Package source answers the small syntax questions the engine asks about
// a line of Go: which function stands around it, which locks its function
// holds there. Capture (for the wait-for picture) and rootcause (for
// suspects) share it so both read the code the same way.
package source

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Body returns the body of a function declaration or literal, or nil.
func Body(n ast.Node) *ast.BlockStmt {
	switch x := n.(type) {
	case *ast.FuncDecl:
		return x.Body
	case *ast.FuncLit:
		return x.Body
	}
	return nil
}

// EnclosingFunc returns the innermost function declaration or literal of f
// whose body spans line, or nil. It descends only into the nodes that span
// line, so a call costs the depth of the tree there, not the size of the
// file: the tracer asks for every assignment, call and literal it meets.
func EnclosingFunc(fset *token.FileSet, f *ast.File, line int) ast.Node {
	var found ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil || fset.Position(n.Pos()).Line > line || fset.Position(n.End()).Line < line {
			return false // nothing inside it spans line
		}
		if b := Body(n); b != nil && fset.Position(b.Pos()).Line <= line && line <= fset.Position(b.End()).Line {
			found = n
		}
		return true
	})
	return found
}

// HeldLocks returns the X.Lock() and X.RLock() calls in body before line
// whose X no later, non-deferred X.Unlock()/X.RUnlock() before line
// releases. Nested function literals are not entered: they run elsewhere.
func HeldLocks(fset *token.FileSet, body *ast.BlockStmt, line int) []*ast.CallExpr {
	if body == nil {
		return nil
	}
	held := map[string]*ast.CallExpr{}
	var order []string
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit, *ast.DeferStmt:
			return false
		case *ast.CallExpr:
			sel, ok := x.Fun.(*ast.SelectorExpr)
			if !ok || fset.Position(x.Pos()).Line >= line {
				return true
			}
			key := types.ExprString(sel.X)
			switch sel.Sel.Name {
			case "Lock", "RLock":
				if _, ok := held[key]; !ok {
					order = append(order, key)
				}
				held[key] = x
			case "Unlock", "RUnlock":
				delete(held, key)
			}
		}
		return true
	})
	var out []*ast.CallExpr
	for _, k := range order {
		if c, ok := held[k]; ok {
			out = append(out, c)
			delete(held, k)
		}
	}
	return out
}
