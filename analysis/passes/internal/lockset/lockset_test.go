package lockset_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"testing"

	"github.com/sleuth-dev/sleuth/analysis/passes/internal/astq"
	"github.com/sleuth-dev/sleuth/analysis/passes/internal/lockset"
)

// src marks each point of interest with a call probe("name"); the test
// checks which locks Walk reports held at each probe.
const src = `package p

import "sync"

type S struct {
	a, b sync.Mutex
	rw   sync.RWMutex
	sync.Mutex
}

var global sync.Mutex

func probe(string) {}

func (s *S) lockA()   { s.a.Lock() }
func (s *S) unlockA() { s.a.Unlock() }

func (s *S) f(c bool, t *S) {
	probe("start")
	s.a.Lock()
	probe("a")
	defer s.a.Unlock()
	if c {
		s.b.Lock()
		probe("a b")
		s.b.Unlock()
		return
	}
	s.b.Lock()
	if c {
		s.b.Unlock()
	}
	probe("a, b maybe")
	s.rw.RLock()
	s.Lock()
	t.a.Lock()
	probe("a rw S t.a")
	go func() {
		probe("literal")
	}()
	switch {
	case c:
		global.Lock()
	default:
		global.Lock()
	}
	probe("all global")
}

func (s *S) g(t *S) {
	t.lockA()
	probe("helper t.a")
	t.unlockA()
	probe("helper none")
}
`

func TestWalk(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types:      make(map[ast.Expr]types.TypeAndValue),
		Defs:       make(map[*ast.Ident]types.Object),
		Uses:       make(map[*ast.Ident]types.Object),
		Selections: make(map[*ast.SelectorExpr]*types.Selection),
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	if _, err := conf.Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	funcs := astq.Funcs(info, []*ast.File{f})
	sums := lockset.Summarize(info, funcs)

	got := make(map[string]string)
	for _, fn := range funcs {
		lockset.Walk(info, fn.Body, sums, func(n ast.Node, held lockset.Held) {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 1 {
				return
			}
			if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "probe" {
				return
			}
			var names []string
			for _, l := range held {
				name := l.Path
				if l.Mode == lockset.Read {
					name += "(r)"
				}
				names = append(names, name)
			}
			slices.Sort(names)
			got[strings.Trim(call.Args[0].(*ast.BasicLit).Value, `"`)] = strings.Join(names, " ")
		})
	}

	for probe, want := range map[string]string{
		"start":       "",
		"a":           "s.a",
		"a b":         "s.a s.b",
		"a, b maybe":  "s.a",
		"a rw S t.a":  "s s.a s.rw(r) t.a",
		"literal":     "",
		"all global":  "global s s.a s.rw(r) t.a",
		"helper t.a":  "t.a",
		"helper none": "",
	} {
		if got[probe] != want {
			t.Errorf("held at probe %q = %q, want %q", probe, got[probe], want)
		}
	}
}
