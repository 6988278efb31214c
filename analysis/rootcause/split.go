package rootcause

import (
	"go/ast"
	"go/types"
)

// splitters return a slice whose length depends on the input.
var splitters = map[string]bool{
	"strings.Split": true, "strings.SplitN": true, "strings.SplitAfter": true, "strings.Fields": true,
	"strings.FieldsFunc": true, "bytes.Split": true, "bytes.SplitN": true, "bytes.Fields": true,
	"regexp.FindStringSubmatch": true, "filepath.SplitList": true,
}

// unguardedSplit suspects ix, a constant index into the result of a
// splitting function that no length check guards before the line: the
// input had fewer separators than the code assumes.
func (t *tracer) unguardedSplit(s site, ix *ast.IndexExpr) {
	info := s.fi.info
	if tv, ok := info.Types[ix.Index]; !ok || tv.Value == nil {
		return
	}
	v := objOf(info, ix.X)
	if v == nil {
		return
	}
	var from *ast.CallExpr
	guarded := false
	ast.Inspect(bodyOf(s.fn), func(n ast.Node) bool {
		if n == nil || t.p.line(n.Pos()) > s.line {
			return false
		}
		switch x := n.(type) {
		case *ast.AssignStmt:
			for i, l := range x.Lhs {
				if objOf(info, l) == v && i < len(x.Rhs) {
					from, _ = ast.Unparen(x.Rhs[i]).(*ast.CallExpr)
				}
			}
		case *ast.CallExpr:
			if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "len" && len(x.Args) == 1 && objOf(info, x.Args[0]) == v {
				guarded = true
			}
		}
		return true
	})
	if from == nil || guarded {
		return
	}
	fn := calleeFunc(info, from)
	if fn == nil || fn.Pkg() == nil {
		return
	}
	name := fn.Pkg().Name() + "." + fn.Name() // methods too: regexp.FindStringSubmatch
	if !splitters[name] {
		return
	}
	why := types.ExprString(ix) + " is read without checking len(" + v.Name() + "): " + name + " returns fewer elements when the input has fewer separators"
	if len(from.Args) > 0 && len(t.frames) > 0 {
		if val, ok := varValue(t.frames[0], types.ExprString(from.Args[0])); ok {
			why += " (" + types.ExprString(from.Args[0]) + " = " + val + ")"
		}
	}
	t.suspect(t.lineStart(s), s.fn, why, 0.6)
}
