package source

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

const src = `package p

func transfer(a, b *Account) {
	a.mu.Lock()
	defer a.mu.Unlock()
	c.mu.Lock()
	c.mu.Unlock()
	go func() {
		d.mu.Lock()
	}()
	b.mu.Lock() // line 11
}
`

func TestEnclosingAndHeld(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	fn := EnclosingFunc(fset, f, 11)
	if d, ok := fn.(*ast.FuncDecl); !ok || d.Name.Name != "transfer" {
		t.Fatalf("enclosing = %#v", fn)
	}
	if lit, ok := EnclosingFunc(fset, f, 9).(*ast.FuncLit); !ok || lit == nil {
		t.Errorf("line 9 should be inside the literal")
	}
	held := HeldLocks(fset, Body(fn), 11)
	if len(held) != 1 || types.ExprString(held[0].Fun) != "a.mu.Lock" {
		var got []string
		for _, c := range held {
			got = append(got, types.ExprString(c.Fun))
		}
		t.Errorf("held = %v, want [a.mu.Lock] (deferred unlock does not release; c was released; d is in a literal)", got)
	}
	if EnclosingFunc(fset, f, 1) != nil {
		t.Error("line 1 is outside every function")
	}
}

// TestEnclosingFuncEveryLine compares EnclosingFunc, which descends only
// into the nodes around the line, with a walk of the whole file, on every
// line of a file with nested literals, methods and code between functions.
func TestEnclosingFuncEveryLine(t *testing.T) {
	const text = `// Package p has comments before it.
package p

var hook = func() int {
	return 1
}

type T struct{ f func() }

func (t *T) m(x int) {
	if x > 0 {
		t.f = func() {
			go func() { x++ }()
		}
	}
}

func g() { defer func() {}() }

// trailing comment
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", text, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	whole := func(line int) ast.Node {
		var found ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if b := Body(n); b != nil && fset.Position(b.Pos()).Line <= line && line <= fset.Position(b.End()).Line {
				found = n
			}
			return true
		})
		return found
	}
	for line := 0; line <= 25; line++ {
		if got, want := EnclosingFunc(fset, f, line), whole(line); got != want {
			t.Errorf("line %d: got %T at %v, want %T at %v", line, got, pos(fset, got), want, pos(fset, want))
		}
	}
}

func pos(fset *token.FileSet, n ast.Node) token.Position {
	if n == nil {
		return token.Position{}
	}
	return fset.Position(n.Pos())
}
