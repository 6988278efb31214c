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
		t.storedValues(s, ta.X, want)
	}
}

// storedValues handles values read back from a store (x := c.Get(k)): it
// suspects the calls that put a value of another type into a store of the
// same type (c.Set(k, v), Store, Put, Add).
func (t *tracer) storedValues(s site, x ast.Expr, want types.Type) {
	var get *ast.CallExpr
	if v := objOf(s.fi.info, x); v != nil {
		ast.Inspect(bodyOf(s.fn), func(n ast.Node) bool {
			if a, ok := n.(*ast.AssignStmt); ok && len(a.Rhs) == 1 && t.p.line(a.Pos()) <= s.line {
				for _, l := range a.Lhs {
					if objOf(s.fi.info, l) == v {
						get, _ = ast.Unparen(a.Rhs[0]).(*ast.CallExpr)
					}
				}
			}
			return true
		})
	} else {
		get, _ = ast.Unparen(x).(*ast.CallExpr)
	}
	if get == nil {
		return
	}
	sel, ok := ast.Unparen(get.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	switch sel.Sel.Name {
	case "Get", "Load", "Lookup", "Value", "Peek":
	default:
		return
	}
	store := s.fi.info.TypeOf(sel.X)
	for name, fi := range t.p.files {
		ast.Inspect(fi.ast, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok || len(c.Args) < 2 {
				return true
			}
			cs, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
			if !ok || !types.Identical(fi.info.TypeOf(cs.X), store) {
				return true
			}
			switch cs.Sel.Name {
			case "Set", "Store", "Put", "Add", "Insert":
			default:
				return true
			}
			if vt := fi.info.TypeOf(c.Args[1]); vt != nil && !types.AssignableTo(vt, want) {
				fn, _ := t.p.funcAt(name, t.p.line(c.Pos()))
				t.suspect(c.Pos(), fn, "stores a "+short(vt)+" where readers assert "+short(want), 0.86)
			}
			return true
		})
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
				t.suspect(call.Pos(), encl, "stores the value under a key of type "+short(types.Default(k))+", but it is read with a key of type "+short(keyType)+": the lookup finds nothing", 0.9)
			case want != nil && v != nil && !types.AssignableTo(v, want):
				t.suspect(call.Pos(), encl, "stores a "+short(v)+" where a "+short(want)+" is expected", 0.85)
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
				t.suspect(call.Pos(), encl, "decodes JSON into interface values, where every number becomes float64, not "+short(want), 0.85)
			}
			return true
		})
	}
}

// short names a type with package names instead of import paths.
func short(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}
