package server

import (
	"context"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"unicode"
	"unicode/utf8"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// maxLensSource bounds the documents parsed for code lenses.
const maxLensSource = 4 << 20

// codeLens puts "Investigate" above every Test function and func main.
// Best effort: a file that does not parse gets the lenses of what parsed.
func (s *Server) codeLens(_ context.Context, raw json.RawMessage) (any, error) {
	var p protocol.CodeLensParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	out := []protocol.CodeLens{}
	path := docKey(p.TextDocument.URI)
	s.mu.Lock()
	on := s.settings.CodeLens
	d := s.docs[path]
	s.mu.Unlock()
	if !on || !strings.HasSuffix(path, ".go") {
		return out, nil
	}
	if d == nil {
		d = readDocument(path)
	}
	if d == nil || len(d.text) > maxLensSource {
		return out, nil
	}
	for _, e := range entryPoints(d) {
		arg := investigateArgs{URI: p.TextDocument.URI, Test: e.test}
		out = append(out, protocol.CodeLens{
			Range:   d.lineRange(e.line),
			Command: &protocol.Command{Title: "sleuth: Investigate", Command: cmdInvestigate, Arguments: []any{arg}},
		})
	}
	return out, nil
}

// entryPoint is a test function or func main, at a 1-based line.
type entryPoint struct {
	test string // "" for main
	line int
	end  int // the function's last line
}

// entryPoints lists the tests of a _test.go file and main of a main package.
func entryPoints(d *document) []entryPoint {
	fset := token.NewFileSet()
	f, _ := parser.ParseFile(fset, d.path, d.text, parser.SkipObjectResolution)
	if f == nil {
		return nil
	}
	isTest := strings.HasSuffix(d.path, "_test.go")
	var out []entryPoint
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Recv != nil {
			continue
		}
		line, end := fset.Position(fn.Pos()).Line, fset.Position(fn.End()).Line
		switch {
		case isTest && isTestFunc(fn):
			out = append(out, entryPoint{test: fn.Name.Name, line: line, end: end})
		case !isTest && f.Name.Name == "main" && fn.Name.Name == "main":
			out = append(out, entryPoint{line: line, end: end})
		}
	}
	return out
}

// isTestFunc reports whether fn is func TestXxx(t *testing.T).
func isTestFunc(fn *ast.FuncDecl) bool {
	name := fn.Name.Name
	if !strings.HasPrefix(name, "Test") || name == "TestMain" {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(name[4:]); len(name) > 4 && unicode.IsLower(r) {
		return false
	}
	ps := fn.Type.Params.List
	if len(ps) != 1 || len(ps[0].Names) > 1 {
		return false
	}
	star, ok := ps[0].Type.(*ast.StarExpr)
	if !ok {
		return false
	}
	sel, ok := star.X.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "T"
}

// testsAround lists the tests of the package directory of path (from open
// buffers or disk), for "Capture values here".
func (s *Server) testsIn(dir string, docs map[string]*document) []string {
	var out []string
	for _, d := range goFiles(dir, docs) {
		if strings.HasSuffix(d.path, "_test.go") {
			for _, e := range entryPoints(d) {
				out = append(out, e.test)
			}
		}
	}
	return out
}
