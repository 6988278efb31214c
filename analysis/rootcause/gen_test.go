package rootcause

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// This file generates small Go programs from a seed, for the property
// test and the fuzz target of budget_test.go: structs whose fields have
// each other's types, functions and methods (value and pointer receivers)
// that assign fields from other fields, from themselves, from parameters
// and from calls, mutual recursion through returned tuples, goroutines,
// deferred and stored closures, loops, maps, slices, channels, an
// interface with several implementations. Every program type-checks; it
// does not need to run. No imports: the standard library's export data
// would cost a go command per package, and the walks that recurse follow
// the language, not the library.

// genProgram is one generated program (or a testdata/cycles case).
type genProgram struct {
	files map[string]string // by absolute (virtual) name
}

type genType struct {
	name   string
	fields []genVar // name and type
	// valueGet gives get(), the getter interface's method, a value
	// receiver.
	valueGet bool
}

type genFunc struct {
	name    string
	recv    string // "", "*T1" or "T1"
	params  []genVar
	results []string // one type, or a type and "error"
	named   bool     // a single named result "out", returned bare
}

type genVar struct{ name, typ string }

// gen writes one program. It is used by one goroutine.
type gen struct {
	r       *rand.Rand
	types   []genType
	funcs   []genFunc
	globals []genVar // package variables, in every function's scope
	vars    int      // locals declared so far in the current function
	depth   int      // nesting of blocks in the current function
}

// generate returns the program for seed.
func generate(seed uint64) *genProgram {
	g := &gen{r: rand.New(rand.NewPCG(seed, seed*0x9e3779b97f4a7c15+1))}
	g.declare()
	dir := fmt.Sprintf("/sleuth-gen/p%d/", seed)
	return &genProgram{
		files: map[string]string{dir + "types.go": g.typesFile(), dir + "funcs.go": g.funcsFile()},
	}
}

var genFieldNames = []string{"next", "prev", "peer", "owner", "child", "parent", "head", "cache"}

// declare picks the types and the signatures, so that any body can call
// any function: that is how mutual recursion comes about.
func (g *gen) declare() {
	nt := 2 + g.r.IntN(3)
	for i := range nt {
		t := genType{name: fmt.Sprintf("T%d", i), valueGet: g.r.IntN(3) == 0}
		t.fields = []genVar{{"n", "int"}, {"s", "[]int"}, {"err", "error"}, {"ch", "chan int"}, {"v", "any"}, {"mu", "locker"}}
		names := slices.Clone(genFieldNames)
		g.r.Shuffle(len(names), func(a, b int) { names[a], names[b] = names[b], names[a] })
		for _, name := range names[:1+g.r.IntN(3)] {
			t.fields = append(t.fields, genVar{name, "*" + g.someType(nt)})
		}
		if g.r.IntN(2) == 0 {
			t.fields = append(t.fields, genVar{"m", "map[string]*" + g.someType(nt)})
		}
		if g.r.IntN(2) == 0 {
			t.fields = append(t.fields, genVar{"fn", "func() *" + g.someType(nt)})
		}
		g.types = append(g.types, t)
	}
	for i := range nt {
		g.funcs = append(g.funcs, genFunc{name: fmt.Sprintf("newT%d", i), results: []string{fmt.Sprintf("*T%d", i)}})
	}
	g.globals = []genVar{{"g0", g.anyType(nt)}, {"g1", g.anyType(nt)}, {"cache", "map[string]*" + g.someType(nt)}}
	nf := 3 + g.r.IntN(5)
	for i := range nf {
		f := genFunc{name: fmt.Sprintf("fn%d", i)}
		if g.r.IntN(2) == 0 {
			t := g.someType(nt)
			f.recv = "*" + t
			if g.r.IntN(3) == 0 {
				f.recv = t // a value receiver: field writes are lost
			}
			f.name = fmt.Sprintf("m%d", i)
		}
		for j := range g.r.IntN(3) {
			f.params = append(f.params, genVar{fmt.Sprintf("p%d", j), g.anyType(nt)})
		}
		f.results = []string{g.anyType(nt)}
		switch g.r.IntN(4) {
		case 0:
			f.results = append(f.results, "error")
		case 1:
			f.named = true
		}
		g.funcs = append(g.funcs, f)
	}
}

func (g *gen) someType(nt int) string { return fmt.Sprintf("T%d", g.r.IntN(nt)) }

// anyType is a parameter or result type.
func (g *gen) anyType(nt int) string {
	switch g.r.IntN(9) {
	case 0:
		return "int"
	case 1:
		return "[]int"
	case 2:
		return "map[string]*" + g.someType(nt)
	case 3:
		return "any"
	case 4:
		return "getter"
	case 5:
		return "chan int"
	case 6:
		return "error"
	}
	return "*" + g.someType(nt)
}

func (g *gen) typesFile() string {
	var b strings.Builder
	b.WriteString("package gen\n\n")
	b.WriteString("type getter interface{ get() *T0 }\n\n")
	b.WriteString("type locker struct{ held int }\n\nfunc (l *locker) Lock() { l.held++ }\n\nfunc (l *locker) Unlock() { l.held-- }\n\n")
	b.WriteString("type myErr struct{ msg string }\n\nfunc (e *myErr) Error() string { return e.msg }\n\n")
	for _, t := range g.types {
		fmt.Fprintf(&b, "type %s struct {\n", t.name)
		for _, f := range t.fields {
			fmt.Fprintf(&b, "\t%s %s\n", f.name, f.typ)
		}
		b.WriteString("}\n\n")
		// Every *T implements getter, some through a value receiver.
		recv := "*" + t.name
		if t.valueGet {
			recv = t.name
		}
		fmt.Fprintf(&b, "func (x %s) get() *T0 {\n", recv)
		sc := append(slices.Clone(g.globals), genVar{"x", recv})
		g.vars, g.depth = 0, 0
		g.block(&b, sc, 1+g.r.IntN(2), "\t")
		fmt.Fprintf(&b, "\treturn %s\n}\n\n", g.expr(sc, "*T0", 0))
	}
	for _, v := range g.globals {
		fmt.Fprintf(&b, "var %s %s\n", v.name, v.typ)
	}
	return b.String()
}

func (g *gen) funcsFile() string {
	var b strings.Builder
	b.WriteString("package gen\n\n")
	for _, f := range g.funcs {
		sc := slices.Clone(g.globals)
		recv := ""
		if f.recv != "" {
			recv = "(x " + f.recv + ") "
			sc = append(sc, genVar{"x", f.recv})
		}
		var params []string
		for _, p := range f.params {
			params = append(params, p.name+" "+p.typ)
			sc = append(sc, p)
		}
		res := strings.Join(f.results, ", ")
		switch {
		case f.named:
			res = "(out " + f.results[0] + ")"
		case len(f.results) > 1:
			res = "(" + res + ")"
		}
		fmt.Fprintf(&b, "func %s%s(%s) %s {\n", recv, f.name, strings.Join(params, ", "), res)
		g.vars, g.depth = 0, 0
		if f.named {
			sc = append(sc, genVar{"out", f.results[0]})
		}
		sc = g.block(&b, sc, 2+g.r.IntN(6), "\t")
		g.ret(&b, sc, f, "\t")
		b.WriteString("}\n\n")
	}
	return b.String()
}

// ret writes a return statement for f.
func (g *gen) ret(b *strings.Builder, sc []genVar, f genFunc, ind string) {
	if f.named {
		fmt.Fprintf(b, "%sout = %s\n%sreturn\n", ind, g.expr(sc, f.results[0], 0), ind)
		return
	}
	// Half the time, hand on another function's result of the same
	// shape: return odd(n-1) from even, and back.
	var same []genFunc
	for _, o := range g.funcs {
		if slices.Equal(o.results, f.results) && !o.named && len(f.results) > 1 {
			same = append(same, o)
		}
	}
	if len(same) > 0 && g.r.IntN(2) == 0 {
		if call, ok := g.call(sc, same[g.r.IntN(len(same))], 1); ok {
			fmt.Fprintf(b, "%sreturn %s\n", ind, call)
			return
		}
	}
	var vals []string
	for _, r := range f.results {
		vals = append(vals, g.expr(sc, r, 0))
	}
	fmt.Fprintf(b, "%sreturn %s\n", ind, strings.Join(vals, ", "))
}

// block writes n statements and returns the scope after them.
func (g *gen) block(b *strings.Builder, sc []genVar, n int, ind string) []genVar {
	g.depth++
	defer func() { g.depth-- }()
	for range n {
		sc = g.stmt(b, sc, ind)
	}
	return sc
}

func (g *gen) local() string {
	g.vars++
	return fmt.Sprintf("l%d", g.vars)
}

// stmt writes one statement and returns the scope after it.
func (g *gen) stmt(b *strings.Builder, sc []genVar, ind string) []genVar {
	nested := g.depth < 3
	for {
		switch g.r.IntN(22) {
		case 0, 1, 2: // a field from an expression, another field, or itself
			lhs, typ, ok := g.fieldPath(sc)
			if !ok {
				continue
			}
			rhs := g.expr(sc, typ, 0)
			if g.r.IntN(3) == 0 {
				rhs = lhs // prev.next = prev.next
			} else if other, ok := g.pathOf(sc, typ); ok && g.r.IntN(2) == 0 {
				rhs = other
			}
			fmt.Fprintf(b, "%s%s = %s\n", ind, lhs, rhs)
		case 3, 4: // a local
			typ := g.anyType(len(g.types))
			name := g.local()
			if typ == "any" || typ == "getter" || typ == "error" { // := would take the dynamic type
				fmt.Fprintf(b, "%svar %s %s = %s\n%s_ = %s\n", ind, name, typ, g.expr(sc, typ, 0), ind, name)
			} else {
				fmt.Fprintf(b, "%s%s := %s\n%s_ = %s\n", ind, name, g.operand(sc, typ, 0), ind, name)
			}
			return append(slices.Clip(sc), genVar{name, typ})
		case 5: // a tuple, its error checked, dropped or ignored
			f, ok := g.pick(func(f genFunc) bool { return len(f.results) == 2 })
			if !ok {
				continue
			}
			call, ok := g.call(sc, f, 0)
			if !ok {
				continue
			}
			name, errName := g.local(), g.local()
			switch g.r.IntN(3) {
			case 0:
				fmt.Fprintf(b, "%s%s, _ := %s\n%s_ = %s\n", ind, name, call, ind, name)
			case 1:
				fmt.Fprintf(b, "%s%s, %s := %s\n%sif %s != nil {\n%s\tpanic(%s)\n%s}\n%s_ = %s\n", ind, name, errName, call, ind, errName, ind, errName, ind, ind, name)
			default:
				fmt.Fprintf(b, "%s%s, %s := %s\n%s_, _ = %s, %s\n", ind, name, errName, call, ind, name, errName)
			}
			return append(slices.Clip(sc), genVar{name, f.results[0]})
		case 6: // a field set from a call's tuple
			lhs, typ, ok := g.fieldPath(sc)
			if !ok {
				continue
			}
			f, ok := g.pick(func(f genFunc) bool { return len(f.results) == 2 && f.results[0] == typ })
			if !ok {
				continue
			}
			if call, ok := g.call(sc, f, 0); ok {
				fmt.Fprintf(b, "%s%s, _ = %s\n", ind, lhs, call)
			}
		case 7: // if, with or without else
			if !nested {
				continue
			}
			fmt.Fprintf(b, "%sif %s {\n", ind, g.cond(sc))
			g.block(b, sc, 1+g.r.IntN(2), ind+"\t")
			if g.r.IntN(2) == 0 {
				fmt.Fprintf(b, "%s} else {\n", ind)
				g.block(b, sc, 1, ind+"\t")
			}
			fmt.Fprintf(b, "%s}\n", ind)
		case 8: // a counted loop, sometimes off by one
			if !nested {
				continue
			}
			s := g.operand(sc, "[]int", 1)
			i := g.local()
			op := "<"
			if g.r.IntN(2) == 0 {
				op = "<="
			}
			fmt.Fprintf(b, "%sfor %s := 0; %s %s len(%s); %s++ {\n", ind, i, i, op, s, i)
			inner := append(slices.Clip(sc), genVar{i, "int"})
			fmt.Fprintf(b, "%s\t_ = %s[%s]\n", ind, s, i)
			g.block(b, inner, 1+g.r.IntN(2), ind+"\t")
			fmt.Fprintf(b, "%s}\n", ind)
		case 9: // a range loop over a map or a slice
			if !nested {
				continue
			}
			k, v := g.local(), g.local()
			if g.r.IntN(2) == 0 {
				t := g.someType(len(g.types))
				fmt.Fprintf(b, "%sfor %s, %s := range %s {\n%s\t_, _ = %s, %s\n", ind, k, v, g.operand(sc, "map[string]*"+t, 1), ind, k, v)
				g.block(b, append(slices.Clip(sc), genVar{k, "string"}, genVar{v, "*" + t}), 1+g.r.IntN(2), ind+"\t")
			} else {
				fmt.Fprintf(b, "%sfor %s, %s := range %s {\n%s\t_, _ = %s, %s\n", ind, k, v, g.operand(sc, "[]int", 1), ind, k, v)
				g.block(b, append(slices.Clip(sc), genVar{k, "int"}, genVar{v, "int"}), 1+g.r.IntN(2), ind+"\t")
			}
			fmt.Fprintf(b, "%s}\n", ind)
		case 10: // a goroutine: a closure over the scope, or a call
			if !nested {
				continue
			}
			if g.r.IntN(3) == 0 {
				f := g.funcs[g.r.IntN(len(g.funcs))]
				if call, ok := g.call(sc, f, 1); ok {
					fmt.Fprintf(b, "%sgo %s\n", ind, call)
				}
				continue
			}
			fmt.Fprintf(b, "%sgo func() {\n", ind)
			g.block(b, sc, 1+g.r.IntN(3), ind+"\t")
			fmt.Fprintf(b, "%s}()\n", ind)
		case 11: // a deferred closure
			if !nested {
				continue
			}
			fmt.Fprintf(b, "%sdefer func() {\n", ind)
			g.block(b, sc, 1, ind+"\t")
			fmt.Fprintf(b, "%s}()\n", ind)
		case 12: // a closure stored and called: it assigns captured fields
			if !nested {
				continue
			}
			name := g.local()
			fmt.Fprintf(b, "%s%s := func() {\n", ind, name)
			g.block(b, sc, 1+g.r.IntN(2), ind+"\t")
			fmt.Fprintf(b, "%s}\n%s%s()\n", ind, ind, name)
		case 13: // a map store
			t := g.someType(len(g.types))
			fmt.Fprintf(b, "%s%s[%s] = %s\n", ind, g.operand(sc, "map[string]*"+t, 1), g.key(sc), g.expr(sc, "*"+t, 0))
		case 14: // a slice element, or an append to a field
			if lhs, typ, ok := g.fieldPath(sc); ok && typ == "[]int" {
				fmt.Fprintf(b, "%s%s = append(%s, %s)\n", ind, lhs, lhs, g.intExpr(sc, 1, false))
				continue
			}
			fmt.Fprintf(b, "%s%s[%s] = %s\n", ind, g.operand(sc, "[]int", 1), g.index(sc), g.intExpr(sc, 1, false))
		case 15: // a channel: send or close
			ch := g.operand(sc, "chan int", 1)
			if g.r.IntN(2) == 0 {
				fmt.Fprintf(b, "%sclose(%s)\n", ind, ch)
			} else {
				fmt.Fprintf(b, "%s%s <- %s\n", ind, ch, g.intExpr(sc, 1, false))
			}
		case 16: // locking
			if p, ok := g.pathOf(sc, "locker"); ok {
				fmt.Fprintf(b, "%s%s.Lock()\n", ind, p)
				if g.r.IntN(2) == 0 {
					fmt.Fprintf(b, "%sdefer %s.Unlock()\n", ind, p)
				}
				continue
			}
		case 17: // a call for its effect
			f := g.funcs[g.r.IntN(len(g.funcs))]
			if call, ok := g.call(sc, f, 0); ok {
				fmt.Fprintf(b, "%s%s\n", ind, call)
			}
		case 18: // an explicit panic under a guard
			fmt.Fprintf(b, "%sif %s {\n%s\tpanic(%s)\n%s}\n", ind, g.cond(sc), ind, g.expr(sc, g.anyType(len(g.types)), 1), ind)
		case 19: // a counter
			if lhs, typ, ok := g.fieldPath(sc); ok && typ == "int" {
				fmt.Fprintf(b, "%s%s += %s\n", ind, lhs, g.intExpr(sc, 1, false))
				continue
			}
			fmt.Fprintf(b, "%s_ = %s\n", ind, g.intExpr(sc, 0, false))
		case 20: // a parameter or local overwritten
			if len(sc) == 0 {
				continue
			}
			v := sc[g.r.IntN(len(sc))]
			if v.name == "x" && !strings.HasPrefix(v.typ, "*") {
				continue
			}
			fmt.Fprintf(b, "%s%s = %s\n", ind, v.name, g.expr(sc, v.typ, 0))
		default: // a type assertion
			t := g.someType(len(g.types))
			name := g.local()
			a, ok := g.pathOf(sc, "any")
			if !ok {
				a = "any(" + g.expr(sc, "*"+g.someType(len(g.types)), 1) + ")"
			}
			fmt.Fprintf(b, "%s%s := %s.(*%s)\n%s_ = %s\n", ind, name, a, t, ind, name)
			return append(slices.Clip(sc), genVar{name, "*" + t})
		}
		return sc
	}
}
