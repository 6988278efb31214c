package offbyone

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/sleuth-dev/sleuth/analysis/passes/internal/astq"
)

// Analyzer reports indexes that reach len(x); see the package
// documentation.
var Analyzer = &analysis.Analyzer{
	Name: "offbyone",
	Doc:  "report loops, wrap checks and indexes that reach len(x), one past the end",
	URL:  "https://pkg.go.dev/github.com/sleuth-dev/sleuth/analysis/passes/offbyone",
	Run:  run,
}

// indexKey identifies x[i] by the objects of x and i.
type indexKey struct{ x, i types.Object }

func run(pass *analysis.Pass) (any, error) {
	info := pass.TypesInfo
	// Every x[i] with named x and i, for the wrap check.
	indexes := make(map[indexKey]*ast.IndexExpr)
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if ix, ok := n.(*ast.IndexExpr); ok {
				x, i := astq.ObjectOf(info, ix.X), astq.ObjectOf(info, ix.Index)
				if x != nil && i != nil && indexable(info.TypeOf(ix.X)) {
					if _, seen := indexes[indexKey{x, i}]; !seen {
						indexes[indexKey{x, i}] = ix
					}
				}
			}
			return true
		})
	}
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ForStmt:
				checkLoop(pass, n)
			case *ast.IfStmt:
				checkWrap(pass, n, indexes)
			case *ast.IndexExpr:
				checkLenIndex(pass, n)
			}
			return true
		})
	}
	return nil, nil
}

// indexable reports whether indexing a value of type t with len(t) is
// out of range: slices, arrays, pointers to arrays and strings.
func indexable(t types.Type) bool {
	if t == nil {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Slice, *types.Array:
		return true
	case *types.Pointer:
		_, ok := u.Elem().Underlying().(*types.Array)
		return ok
	case *types.Basic:
		return u.Info()&types.IsString != 0
	}
	return false
}

// lenOf returns x when e is len(x) for an indexable x.
func lenOf(info *types.Info, e ast.Expr) ast.Expr {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || !astq.IsBuiltin(info, call, "len") || !indexable(info.TypeOf(call.Args[0])) {
		return nil
	}
	return call.Args[0]
}

// bound splits cond into v and x when it reads "v op len(x)", with the
// operator normalised so that v is on the left: v <= len(x) for
// len(x) >= v. want is the normalised operator to match.
func bound(info *types.Info, cond ast.Expr, want token.Token) (v, x ast.Expr) {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return nil, nil
	}
	flip := map[token.Token]token.Token{token.LEQ: token.GEQ, token.GTR: token.LSS}
	if b.Op == want {
		if x := lenOf(info, b.Y); x != nil {
			return b.X, x
		}
	}
	if b.Op == flip[want] {
		if x := lenOf(info, b.X); x != nil {
			return b.Y, x
		}
	}
	return nil, nil
}

// sameExpr reports whether a and b denote the same variable or field of
// the same variable, such as r.buf in two statements of one method.
func sameExpr(info *types.Info, a, b ast.Expr) bool {
	oa := astq.ObjectOf(info, a)
	return oa != nil && oa == astq.ObjectOf(info, b) && astq.Root(info, a) == astq.Root(info, b)
}

// checkLoop reports for i := ...; i <= len(x); i++ { ... x[i] ... }.
func checkLoop(pass *analysis.Pass, loop *ast.ForStmt) {
	info := pass.TypesInfo
	v, x := bound(info, loop.Cond, token.LEQ)
	if v == nil {
		return
	}
	iv, ok := ast.Unparen(v).(*ast.Ident)
	if !ok || info.Uses[iv] == nil {
		return
	}
	i := info.Uses[iv]
	var use *ast.IndexExpr
	guarded := false
	ast.Inspect(loop.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IndexExpr:
			if id, ok := ast.Unparen(n.Index).(*ast.Ident); ok && info.Uses[id] == i && sameExpr(info, n.X, x) && use == nil {
				use = n
			}
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok && info.Uses[id] == i {
					guarded = true
				}
			}
		case *ast.IncDecStmt:
			if id, ok := n.X.(*ast.Ident); ok && info.Uses[id] == i {
				guarded = true
			}
		case *ast.BinaryExpr:
			if mentions(info, n, i) && mentionsLen(info, n, x) {
				guarded = true
			}
		}
		return true
	})
	if use == nil || guarded {
		return
	}
	xs := types.ExprString(x)
	pass.Report(analysis.Diagnostic{
		Pos: loop.Cond.Pos(),
		End: loop.Cond.End(),
		Message: fmt.Sprintf("loop condition %s lets %s reach len(%s): %s at %s then panics with index out of range (use <)",
			types.ExprString(loop.Cond), iv.Name, xs, types.ExprString(use), astq.Site(pass.Fset, loop.Cond.Pos(), use.Pos())),
		Related: []analysis.RelatedInformation{{Pos: use.Pos(), End: use.End(), Message: "indexed here"}},
	})
}

// mentions reports whether obj is used anywhere in n.
func mentions(info *types.Info, n ast.Node, obj types.Object) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if id, ok := m.(*ast.Ident); ok && info.Uses[id] == obj {
			found = true
		}
		return !found
	})
	return found
}

// mentionsLen reports whether len(x) appears in n.
func mentionsLen(info *types.Info, n ast.Node, x ast.Expr) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if e, ok := m.(ast.Expr); ok {
			if y := lenOf(info, e); y != nil && sameExpr(info, x, y) {
				found = true
			}
		}
		return !found
	})
	return found
}

// checkWrap reports if v > len(x) { v = 0 } when v indexes x somewhere.
func checkWrap(pass *analysis.Pass, stmt *ast.IfStmt, indexes map[indexKey]*ast.IndexExpr) {
	info := pass.TypesInfo
	v, x := bound(info, stmt.Cond, token.GTR)
	if v == nil || !resetsToZero(info, stmt.Body, v) {
		return
	}
	vo, xo := astq.ObjectOf(info, v), astq.ObjectOf(info, x)
	if vo == nil || xo == nil {
		return
	}
	use := indexes[indexKey{xo, vo}]
	if use == nil {
		return
	}
	pass.Report(analysis.Diagnostic{
		Pos: stmt.Cond.Pos(),
		End: stmt.Cond.End(),
		Message: fmt.Sprintf("wrap check %s keeps %s == len(%s): %s at %s then panics with index out of range (use >=)",
			types.ExprString(stmt.Cond), types.ExprString(v), types.ExprString(x), types.ExprString(use), astq.Site(pass.Fset, stmt.Cond.Pos(), use.Pos())),
		Related: []analysis.RelatedInformation{{Pos: use.Pos(), End: use.End(), Message: "indexed here"}},
	})
}

// resetsToZero reports whether body assigns the constant 0 to v.
func resetsToZero(info *types.Info, body *ast.BlockStmt, v ast.Expr) bool {
	for _, s := range body.List {
		as, ok := s.(*ast.AssignStmt)
		if !ok || as.Tok != token.ASSIGN || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
			continue
		}
		tv := info.Types[as.Rhs[0]]
		if sameExpr(info, as.Lhs[0], v) && tv.Value != nil && constant.Sign(tv.Value) == 0 {
			return true
		}
	}
	return false
}

// checkLenIndex reports x[len(x)].
func checkLenIndex(pass *analysis.Pass, ix *ast.IndexExpr) {
	x := lenOf(pass.TypesInfo, ix.Index)
	if x == nil || !sameExpr(pass.TypesInfo, x, ix.X) {
		return
	}
	xs := types.ExprString(x)
	pass.Report(analysis.Diagnostic{
		Pos:     ix.Pos(),
		End:     ix.End(),
		Message: fmt.Sprintf("%s[len(%s)] is always out of range and panics; the last element is %s[len(%s)-1]", xs, xs, xs, xs),
	})
}
