package rootcause

import (
	"fmt"
	"slices"
	"strings"
)

// The expressions of generated programs (gen_test.go): typed, from the
// scope's variables and their fields, calls of the program's functions,
// literals and closures.

// pick returns a random function satisfying ok.
func (g *gen) pick(ok func(genFunc) bool) (genFunc, bool) {
	var fs []genFunc
	for _, f := range g.funcs {
		if ok(f) {
			fs = append(fs, f)
		}
	}
	if len(fs) == 0 {
		return genFunc{}, false
	}
	return fs[g.r.IntN(len(fs))], true
}

// typeOf returns the struct type named by a pointer or value type.
func (g *gen) typeOf(typ string) (genType, bool) {
	name := strings.TrimPrefix(typ, "*")
	for _, t := range g.types {
		if t.name == name {
			return t, true
		}
	}
	return genType{}, false
}

// paths lists the field selections reachable from the scope, one or two
// fields deep, with their types.
func (g *gen) paths(sc []genVar) []genVar {
	var out []genVar
	for _, v := range sc {
		t, ok := g.typeOf(v.typ)
		if !ok {
			continue
		}
		for _, f := range t.fields {
			out = append(out, genVar{v.name + "." + f.name, f.typ})
			if inner, ok := g.typeOf(f.typ); ok && strings.HasPrefix(f.typ, "*") {
				for _, f2 := range inner.fields {
					out = append(out, genVar{v.name + "." + f.name + "." + f2.name, f2.typ})
				}
			}
		}
	}
	return out
}

// fieldPath picks an assignable field selection.
func (g *gen) fieldPath(sc []genVar) (string, string, bool) {
	var ps []genVar
	for _, p := range g.paths(sc) {
		if p.typ != "locker" {
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 {
		return "", "", false
	}
	p := ps[g.r.IntN(len(ps))]
	return p.name, p.typ, true
}

// pathOf picks a variable or field selection of type typ.
func (g *gen) pathOf(sc []genVar, typ string) (string, bool) {
	var ps []string
	for _, v := range append(slices.Clone(sc), g.paths(sc)...) {
		if v.typ == typ {
			ps = append(ps, v.name)
		}
	}
	if len(ps) == 0 {
		return "", false
	}
	return ps[g.r.IntN(len(ps))], true
}

// call renders a call of f with arguments from the scope, or false when f
// is a method and no receiver is at hand.
func (g *gen) call(sc []genVar, f genFunc, depth int) (string, bool) {
	fun := f.name
	if f.recv != "" {
		base := strings.TrimPrefix(f.recv, "*")
		recv, ok := g.pathOf(sc, "*"+base)
		if !ok {
			if recv, ok = g.pathOf(sc, base); !ok {
				return "", false
			}
		}
		fun = recv + "." + f.name
	}
	var args []string
	for _, p := range f.params {
		args = append(args, g.expr(sc, p.typ, depth+1))
	}
	return fun + "(" + strings.Join(args, ", ") + ")", true
}

// expr renders an expression of type typ; deeper ones are simpler. The
// candidates are thunks: only the one picked is rendered.
func (g *gen) expr(sc []genVar, typ string, depth int) string {
	if typ == "int" {
		return g.intExpr(sc, depth, false)
	}
	var cands []func() string
	add := func(f func() string) { cands = append(cands, f) }
	text := func(s string) { add(func() string { return s }) }
	for _, v := range append(slices.Clone(sc), sc...) { // locals and parameters weigh more
		if v.typ == typ {
			text(v.name)
		}
	}
	for _, p := range g.paths(sc) {
		if p.typ == typ {
			text(p.name)
			text(p.name) // fields are what the cycles run through
		}
	}
	if depth < 3 {
		for _, f := range g.funcs {
			if len(f.results) == 1 && f.results[0] == typ && g.callable(sc, f) {
				add(func() string { c, _ := g.call(sc, f, depth); return c })
			}
		}
	}
	if strings.HasPrefix(typ, "*T") && typ != "*T0" && len(cands) > 0 && g.r.IntN(2) == 0 {
		return cands[g.r.IntN(len(cands))]()
	}
	switch {
	case strings.HasPrefix(typ, "*T"):
		text("nil")
		text("new" + typ[1:] + "()")
		if depth < 2 {
			add(func() string { return g.lit(sc, typ[1:], depth) })
		}
		if m, ok := g.pathOf(sc, "map[string]"+typ); ok {
			add(func() string { return m + "[" + g.key(sc) + "]" })
		}
		if fn, ok := g.pathOf(sc, "func() "+typ); ok {
			text(fn + "()")
		}
		if a, ok := g.pathOf(sc, "any"); ok {
			text(a + ".(" + typ + ")")
		}
		if typ == "*T0" {
			if gt, ok := g.pathOf(sc, "getter"); ok {
				text(gt + ".get()")
			}
		}
	case typ == "[]int":
		text("nil")
		text("[]int{1, 2, 3}")
		if depth < 2 {
			add(func() string { return "make([]int, " + g.intExpr(sc, depth+1, true) + ")" })
			add(func() string {
				return "append(" + g.operand(sc, "[]int", depth+1) + ", " + g.intExpr(sc, depth+1, false) + ")"
			})
			add(func() string { return g.operand(sc, "[]int", depth+1) + "[" + g.index(sc) + ":]" })
			add(func() string { return g.operand(sc, "[]int", depth+1) + "[:" + g.index(sc) + "]" })
		}
	case strings.HasPrefix(typ, "map[string]"):
		text("nil")
		text(typ + "{}")
		if depth < 2 {
			add(func() string {
				return typ + "{" + g.key(sc) + ": " + g.expr(sc, typ[len("map[string]"):], depth+1) + "}"
			})
		}
	case strings.HasPrefix(typ, "func() "):
		text("nil")
		if depth < 2 && g.depth < 4 {
			res := typ[len("func() "):]
			add(func() string { return "func() " + res + " { return " + g.expr(sc, res, depth+1) + " }" })
		}
	case typ == "error":
		text("nil")
		text(`&myErr{msg: "bad"}`)
	case typ == "chan int":
		text("nil")
		text("make(chan int)")
		text("make(chan int, 1)")
	case typ == "getter", typ == "any":
		text("nil")
		add(func() string { return g.expr(sc, "*"+g.someType(len(g.types)), depth+1) })
		if typ == "any" {
			text("1")
			add(func() string { return g.expr(sc, "[]int", depth+1) })
		}
	case typ == "string":
		text(`"k"`)
	}
	if len(cands) == 0 {
		return "nil"
	}
	return cands[g.r.IntN(len(cands))]()
}

// callable reports whether a call of f can be written in scope sc: a
// method needs a receiver at hand.
func (g *gen) callable(sc []genVar, f genFunc) bool {
	if f.recv == "" {
		return true
	}
	base := strings.TrimPrefix(f.recv, "*")
	_, ok := g.pathOf(sc, "*"+base)
	if !ok {
		_, ok = g.pathOf(sc, base)
	}
	return ok
}

// lit renders a composite literal of struct type name, some fields set.
func (g *gen) lit(sc []genVar, name string, depth int) string {
	t, _ := g.typeOf(name)
	var parts []string
	for _, f := range t.fields {
		if f.typ != "locker" && g.r.IntN(3) == 0 {
			parts = append(parts, f.name+": "+g.expr(sc, f.typ, depth+1))
		}
	}
	return "&" + name + "{" + strings.Join(parts, ", ") + "}"
}

// intExpr renders an int; nonneg keeps constants non-negative (sizes).
func (g *gen) intExpr(sc []genVar, depth int, nonneg bool) string {
	var cands []func() string
	text := func(s string) { cands = append(cands, func() string { return s }) }
	for _, v := range append(slices.Clone(sc), g.paths(sc)...) {
		if v.typ == "int" {
			text(v.name)
		}
	}
	text(fmt.Sprint(g.r.IntN(4)))
	if depth < 3 {
		cands = append(cands, func() string { return "len(" + g.operand(sc, "[]int", depth+1) + ")" })
	}
	if depth < 2 && !nonneg {
		sub := func() string { return g.intExpr(sc, depth+1, false) }
		cands = append(cands,
			func() string { return sub() + " + 1" },
			func() string { return sub() + " - 1" },
			func() string { return sub() + " * " + sub() },
			func() string { return sub() + " / " + g.divisor(sc) },
			func() string { return sub() + " % " + g.divisor(sc) },
			func() string { return "min(" + sub() + ", " + sub() + ")" },
			func() string { return g.operand(sc, "[]int", depth+1) + "[" + g.index(sc) + "]" })
		for _, f := range g.funcs {
			if len(f.results) == 1 && f.results[0] == "int" && g.callable(sc, f) {
				cands = append(cands, func() string { c, _ := g.call(sc, f, depth+1); return c })
			}
		}
	}
	return cands[g.r.IntN(len(cands))]()
}

// divisor is an int that is never a constant: a constant zero divisor is
// a compile error.
func (g *gen) divisor(sc []genVar) string {
	var cands []string
	for _, v := range append(slices.Clone(sc), g.paths(sc)...) {
		if v.typ == "int" {
			cands = append(cands, v.name)
		}
	}
	cands = append(cands, "len("+g.operand(sc, "[]int", 3)+")")
	return cands[g.r.IntN(len(cands))]
}

// index is an int that is never a negative constant.
func (g *gen) index(sc []genVar) string {
	switch g.r.IntN(3) {
	case 0:
		return g.divisor(sc) + " + 1"
	case 1:
		return "len(" + g.operand(sc, "[]int", 3) + ") - 1"
	}
	return g.intExpr(sc, 2, true)
}

func (g *gen) key(sc []genVar) string {
	if g.r.IntN(2) == 0 {
		return `"k"`
	}
	return `"key"`
}

// cond renders a boolean condition. Operands with braces are
// parenthesized: a composite literal in an if header does not parse.
func (g *gen) cond(sc []genVar) string {
	paren := func(e string) string {
		if strings.Contains(e, "{") {
			return "(" + e + ")"
		}
		return e
	}
	switch g.r.IntN(5) {
	case 0:
		return paren(g.intExpr(sc, 1, false)) + " < " + paren(g.intExpr(sc, 1, false))
	case 1:
		return paren(g.intExpr(sc, 1, false)) + " >= len(" + g.operand(sc, "[]int", 2) + ")"
	case 2:
		return paren(g.operand(sc, "error", 1)) + " != nil"
	case 3:
		t := "*" + g.someType(len(g.types))
		return paren(g.operand(sc, t, 1)) + " == " + paren(g.expr(sc, t, 2))
	}
	return paren(g.operand(sc, "*"+g.someType(len(g.types)), 1)) + " == nil"
}

// operand is expr where an untyped nil cannot stand (len(nil), nil ==
// nil, range nil): a nil there is converted to typ.
func (g *gen) operand(sc []genVar, typ string, depth int) string {
	for range 3 {
		if e := g.expr(sc, typ, depth); e != "nil" {
			return e
		}
	}
	return "(" + typ + ")(nil)"
}
