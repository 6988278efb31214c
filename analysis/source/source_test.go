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
