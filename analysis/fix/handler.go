package fix

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// onError returns the statement that leaves the function enclosing n when
// err (source text of an error value) is not nil, in the function's own
// shape: t.Fatal in a test, `return zero..., err` in a function whose last
// result is an error, log.Fatal in main. It reports false when the function
// has no way to pass an error on.
func (p *program) onError(b *builder, n ast.Node, err string) (string, bool) {
	ft, _, fn := p.enclosingFunc(n)
	if ft == nil {
		return "", false
	}
	if t := testingParam(p.info(n.Pos()), ft); t != "" {
		return t + ".Fatal(" + err + ")", true
	}
	if ret, ok := p.returnWith(n.Pos(), ft, err); ok {
		return ret, true
	}
	if d, ok := fn.(*ast.FuncDecl); ok && d.Name.Name == "main" && d.Recv == nil && p.fileAt(n.Pos()).Name.Name == "main" {
		return b.addImport(n.Pos(), "log") + ".Fatal(" + err + ")", true
	}
	return "", false
}

// onFailure is onError for a failure that has no error value yet: msg is a
// format and args for fmt.Errorf/t.Fatalf.
func (p *program) onFailure(b *builder, n ast.Node, format string, args ...string) (string, bool) {
	ft, _, _ := p.enclosingFunc(n)
	if ft == nil {
		return "", false
	}
	quoted := quote(format)
	list := strings.Join(append([]string{quoted}, args...), ", ")
	if t := testingParam(p.info(n.Pos()), ft); t != "" {
		return t + ".Fatalf(" + list + ")", true
	}
	res := results(p.info(n.Pos()), ft)
	if len(res) > 0 && isErrorType(res[len(res)-1]) {
		var e string
		if len(args) == 0 {
			e = b.addImport(n.Pos(), "errors") + ".New(" + quoted + ")"
		} else {
			e = b.addImport(n.Pos(), "fmt") + ".Errorf(" + list + ")"
		}
		return p.returnWith(n.Pos(), ft, e)
	}
	// No error to return: return the zero values (the caller sees an
	// absent result rather than a crash).
	return p.returnWith(n.Pos(), ft, "")
}

// returnWith returns "return zero..., last" for ft's results; last replaces
// the final result when it is an error (and must then be set). With last
// empty every result is a zero value.
func (p *program) returnWith(pos token.Pos, ft *ast.FuncType, last string) (string, bool) {
	res := results(p.info(pos), ft)
	if last != "" && (len(res) == 0 || !isErrorType(res[len(res)-1])) {
		return "", false
	}
	vals := make([]string, len(res))
	for i, t := range res {
		if i == len(res)-1 && last != "" {
			vals[i] = last
			continue
		}
		z, ok := p.zero(pos, t)
		if !ok {
			return "", false
		}
		vals[i] = z
	}
	if len(vals) == 0 {
		return "return", true
	}
	return "return " + strings.Join(vals, ", "), true
}

// results returns the result types of ft.
func results(info *types.Info, ft *ast.FuncType) []types.Type {
	if info == nil || ft.Results == nil {
		return nil
	}
	var out []types.Type
	for _, f := range ft.Results.List {
		t := info.TypeOf(f.Type)
		n := max(1, len(f.Names))
		for range n {
			out = append(out, t)
		}
	}
	return out
}

// testingParam returns the name of ft's *testing.T, *testing.B, *testing.F
// or testing.TB parameter, or "".
func testingParam(info *types.Info, ft *ast.FuncType) string {
	if info == nil || ft.Params == nil {
		return ""
	}
	for _, f := range ft.Params.List {
		s := types.TypeString(info.TypeOf(f.Type), nil)
		switch s {
		case "*testing.T", "*testing.B", "*testing.F", "testing.TB":
			for _, n := range f.Names {
				if n.Name != "_" {
					return n.Name
				}
			}
		}
	}
	return ""
}

func isErrorType(t types.Type) bool {
	return t != nil && types.Identical(t, types.Universe.Lookup("error").Type())
}

// quote returns s as a Go string literal.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

// freeName returns name, or name with a number, that is not declared in the
// scope at pos.
func (p *program) freeName(pos token.Pos, name string) string {
	pkg := p.pkgAt(pos)
	if pkg == nil {
		return name
	}
	scope := pkg.Types.Scope().Innermost(pos)
	try := name
	for i := 2; scope != nil; i++ {
		if _, obj := scope.LookupParent(try, pos); obj == nil {
			return try
		}
		try = name + string(rune('0'+i))
		if i > 9 {
			break
		}
	}
	return try
}
