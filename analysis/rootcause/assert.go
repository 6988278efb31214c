package rootcause

import (
	"go/ast"
	"go/types"
	"strings"
)

// traceAssert explains a failed type assertion by where the dynamic value
// was produced: a context value stored under another key or with another
// type, or JSON decoded into interface values (numbers become float64).
func (t *tracer) traceAssert(s site) {
	if s.fn == nil {
		return
	}
	for _, n := range t.nodesAt(s.fn, s.line) {
		ta, ok := n.(*ast.TypeAssertExpr)
		if !ok || ta.Type == nil {
			continue
		}
		want := s.fi.info.TypeOf(ta.Type)
		if call, ok := ast.Unparen(ta.X).(*ast.CallExpr); ok && isMethod(s.fi.info, call, "Value") && len(call.Args) == 1 {
			t.contextValues(s.fi.info.TypeOf(call.Args[0]), want)
			continue
		}
		t.jsonIntoInterfaces(want)
	}
}

func isMethod(info *types.Info, call *ast.CallExpr, name string) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return ok && sel.Sel.Name == name
}

// contextValues suspects context.WithValue calls whose key type differs
// from the one looked up, or whose value is not of the asserted type.
func (t *tracer) contextValues(keyType, want types.Type) {
	for name, fi := range t.p.files {
		ast.Inspect(fi.ast, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 3 {
				return true
			}
			fn := calleeFunc(fi.info, call)
			if fn == nil || fn.FullName() != "context.WithValue" {
				return true
			}
			k, v := fi.info.TypeOf(call.Args[1]), fi.info.TypeOf(call.Args[2])
			encl, _ := t.p.funcAt(name, t.p.line(call.Pos()))
			switch {
			case keyType != nil && k != nil && !types.Identical(types.Default(k), keyType):
				t.suspect(call.Pos(), encl, "stores the value under a key of type "+types.Default(k).String()+", but it is read with a key of type "+keyType.String()+": the lookup finds nothing", 0.9)
			case want != nil && v != nil && !types.AssignableTo(v, want):
				t.suspect(call.Pos(), encl, "stores a "+v.String()+" where a "+want.String()+" is expected", 0.85)
			}
			return true
		})
	}
}

// jsonIntoInterfaces suspects JSON decoding into values that hold
// interfaces, when the assertion wants a non-float number.
func (t *tracer) jsonIntoInterfaces(want types.Type) {
	b, ok := want.Underlying().(*types.Basic)
	if !ok || b.Info()&types.IsInteger == 0 {
		return
	}
	for name, fi := range t.p.files {
		ast.Inspect(fi.ast, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			fn := calleeFunc(fi.info, call)
			if fn == nil || (fn.FullName() != "encoding/json.Unmarshal" && !strings.HasSuffix(fn.FullName(), "json.Decoder).Decode")) {
				return true
			}
			target := fi.info.TypeOf(call.Args[len(call.Args)-1])
			if target != nil && strings.Contains(target.String(), "interface") || strings.Contains(types.TypeString(target, nil), "any") {
				encl, _ := t.p.funcAt(name, t.p.line(call.Pos()))
				t.suspect(call.Pos(), encl, "decodes JSON into interface values, where every number becomes float64, not "+want.String(), 0.85)
			}
			return true
		})
	}
}
