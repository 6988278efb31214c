package rootcause

import (
	"context"
	"go/constant"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/sleuth-dev/sleuth/internal/testenv"
)

// writeModule writes files (by slash-separated name) into a new module
// example.com/m in a temporary directory and returns the directory.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files["go.mod"] = "module example.com/m\n\ngo 1.26\n"
	for name, text := range files {
		writeFile(t, filepath.Join(dir, filepath.FromSlash(name)), text)
	}
	return dir
}

func writeFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// constValue returns the value of the package-level constant name in the
// package p loaded for path, as the type checker saw it.
func constValue(t *testing.T, p *program, path, name string) string {
	t.Helper()
	for _, pkg := range p.pkgs {
		if pkg.PkgPath != path || pkg.Types == nil {
			continue
		}
		if c, ok := pkg.Types.Scope().Lookup(name).(*types.Const); ok {
			return constant.StringVal(c.Val())
		}
	}
	t.Fatalf("no constant %s in %s", name, path)
	return ""
}

const lib = `package m

import "fmt"

const Greeting = "hello"

func Greet(name string) string { return fmt.Sprint(Greeting, " ", name) }
`

const libTest = `package m

import "testing"

func TestGreet(t *testing.T) { _ = Greet("x") }
`

func TestLoadCacheReuse(t *testing.T) {
	dir := writeModule(t, map[string]string{"m.go": lib, "m_test.go": libTest})
	ctx := context.Background()
	c := newLoadCache()
	p1, err := c.load(ctx, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if got := constValue(t, p1, "example.com/m", "Greeting"); got != "hello" {
		t.Fatalf("Greeting = %q", got)
	}
	if p2, err := c.load(ctx, []string{dir + "/."}); err != nil || p2 != p1 {
		t.Fatalf("unchanged files: got a new program (%v)", err)
	}

	// A body edit: re-checked with the same dependencies' types.
	writeFile(t, filepath.Join(dir, "m.go"), strings.Replace(lib, `"hello"`, `"hi"`, 1))
	p3, err := c.load(ctx, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if p3 == p1 || constValue(t, p3, "example.com/m", "Greeting") != "hi" {
		t.Fatalf("the edit is not in the program")
	}
	if fmtOf(p3) == nil || fmtOf(p3) != fmtOf(p1) {
		t.Errorf("a body edit reloaded the dependencies")
	}
	if p4, _ := c.load(ctx, []string{dir}); p4 != p3 {
		t.Errorf("the re-checked program is not reused")
	}

	// A new import: a fresh load.
	writeFile(t, filepath.Join(dir, "m.go"), strings.Replace(lib, `import "fmt"`, "import (\n\t\"fmt\"\n\t\"strings\"\n)\n\nvar _ = strings.ToUpper", 1))
	p5, err := c.load(ctx, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if p5 == p3 || fmtOf(p5) == fmtOf(p3) {
		t.Errorf("an import change did not reload")
	}

	// A new file: a fresh load that has it.
	writeFile(t, filepath.Join(dir, "more.go"), "package m\n\nconst More = \"more\"\n")
	p6, err := c.load(ctx, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if constValue(t, p6, "example.com/m", "More") != "more" {
		t.Errorf("the new file is not in the program")
	}
}

// fmtOf returns the fmt package the program's package m imports.
func fmtOf(p *program) *types.Package {
	for _, pkg := range p.pkgs {
		if imp := pkg.Imports["fmt"]; imp != nil {
			return imp.Types
		}
	}
	return nil
}

// TestLoadCacheLocalDependency edits a package of the same module that
// the loaded one imports: its export data changes, so the load must too.
func TestLoadCacheLocalDependency(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"m.go":     "package m\n\nimport \"example.com/m/dep\"\n\nconst Size = dep.Size\n",
		"dep/d.go": "package dep\n\nconst Size = \"small\"\n",
	})
	ctx := context.Background()
	c := newLoadCache()
	p1, err := c.load(ctx, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if got := constValue(t, p1, "example.com/m", "Size"); got != "small" {
		t.Fatalf("Size = %q", got)
	}
	writeFile(t, filepath.Join(dir, "dep", "d.go"), "package dep\n\nconst Size = \"large\"\n")
	p2, err := c.load(ctx, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if got := constValue(t, p2, "example.com/m", "Size"); got != "large" {
		t.Errorf("after editing the dependency, Size = %q", got)
	}
}

func TestLoadCacheConcurrentAndBounded(t *testing.T) {
	files := map[string]string{}
	for i := range maxLoads + 2 {
		files[filepath.ToSlash(filepath.Join("p"+string(rune('a'+i)), "p.go"))] = "package p\n\nconst N = 1\n"
	}
	dir := writeModule(t, files)
	ctx := context.Background()
	c := newLoadCache()
	a := filepath.Join(dir, "pa")

	progs := make([]*program, 4)
	var wg sync.WaitGroup
	for i := range progs {
		wg.Go(func() {
			p, err := c.load(ctx, []string{a})
			if err != nil {
				t.Error(err)
			}
			progs[i] = p
		})
	}
	wg.Wait()
	for _, p := range progs[1:] {
		if p != progs[0] {
			t.Fatalf("concurrent loads of the same dirs gave different programs")
		}
	}
	for i := range maxLoads + 2 {
		if _, err := c.load(ctx, []string{filepath.Join(dir, "p"+string(rune('a'+i)))}); err != nil {
			t.Fatal(err)
		}
	}
	if len(c.entries) != maxLoads {
		t.Errorf("%d entries, want %d", len(c.entries), maxLoads)
	}
}

// TestLoadAgrees checks that the staged load sees what go/packages' own
// load sees, and that a dependency importing a loaded package (a cycle
// through the tests) falls back to it.
func TestLoadAgrees(t *testing.T) {
	testenv.Slow(t, "loads eight module layouts twice each through go list and go/packages")
	dir := writeModule(t, map[string]string{
		"a/a.go":         "package a\n\nimport \"example.com/m/b\"\n\ntype T struct{ B *b.B }\n\nfunc New() *T { return &T{} }\n",
		"a/a_test.go":    "package a\n\nimport \"testing\"\n\nfunc TestA(t *testing.T) { _ = New().B.Name }\n",
		"a/x_test.go":    "package a_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/m/a\"\n)\n\nfunc TestX(t *testing.T) { _ = a.New() }\n",
		"a/a_windows.go": "package a\n\nfunc OnWindows() {}\n",
		"a/gen.go":       "//go:build ignore\n\npackage main\n",
		"b/b.go":         "package b\n\ntype B struct{ Name string }\n",
		"k/k.go":         "package k\n\nfunc K() int { return k }\n",
		"k/new.go":       "//go:build go1.22\n\npackage k\n\nconst k = 22\n",
		"k/old.go":       "//go:build !go1.22\n\npackage k\n\nconst k = 21\n",
		"c/c.go":         "package c\n\nimport \"example.com/m/d\"\n\nfunc C() int { return d.D() }\n",
		"c/c_test.go":    "package c_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/m/d\"\n)\n\nfunc TestC(t *testing.T) { _ = d.D() }\n",
		"d/d.go":         "package d\n\nfunc D() int { return 1 }\n",
		"e/e.go":         "package e\n\nimport \"example.com/m/c\"\n\nfunc E() int { return c.C() }\n",
		"c/e_test.go":    "package c_test\n\nimport \"example.com/m/e\"\n\nvar _ = e.E\n",
		"f/f.go":         "package f\n\nfunc F() int { return 1 }\n",
		"f/f_test.go":    "package f\n\nimport \"testing\"\n\nfunc TestF(t *testing.T) { _ = F() }\n",
		"f/x_test.go":    "package f_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/m/g\"\n)\n\nfunc TestG(t *testing.T) { _ = g.G() }\n",
		"g/g.go":         "package g\n\nimport \"example.com/m/f\"\n\nfunc G() int { return f.F() }\n",
		"h/h.go":         "package h\n\nimport \"example.com/m/f\"\n\nfunc H() int { return f.F() }\n",
		"h/h_test.go":    "package h\n\nimport \"testing\"\n\nfunc TestH(t *testing.T) { _ = H() }\n",
		"i/i.go":         "package i\n\nfunc I() int { return 1 }\n",
		"i/i_test.go":    "package i\n\nimport \"testing\"\n\nfunc TestI(t *testing.T) { _ = I() }\n",
		"j/j.go":         "package j\n\nimport \"example.com/m/i\"\n\nfunc J() int { return i.I() }\n",
		"j/j_test.go":    "package j\n\nimport \"testing\"\n\nfunc TestJ(t *testing.T) { _ = J() }\n",
	})
	ctx := context.Background()
	for _, tc := range []struct {
		dirs     []string
		fallback bool
	}{
		{[]string{"a"}, false},
		{[]string{"a", "b"}, false},
		{[]string{"c"}, true},      // e, a dependency of c's test, imports c
		{[]string{"f", "g"}, true}, // f's test imports g, which imports f
		{[]string{"f", "g", "h"}, true},
		{[]string{"f", "h"}, true},  // f's test imports g: a dependency that imports f
		{[]string{"i", "j"}, false}, // j imports i, which has tests: nothing rebuilt
		{[]string{"k"}, false},      // listed by go list: version constraints
	} {
		var dirs []string
		for _, d := range tc.dirs {
			dirs = append(dirs, filepath.Join(dir, d))
		}
		src, _, err := readDirs(dirs)
		if err != nil {
			t.Fatal(err)
		}
		staged, err := loadFresh(ctx, dirs, src)
		if err != nil {
			t.Fatal(err)
		}
		all, err := loadAll(ctx, dirs)
		if err != nil {
			t.Fatal(err)
		}
		if _, inProcess := listInProcess(dirs, src); inProcess == (tc.dirs[0] == "k") {
			t.Errorf("%v: listed in process = %v", tc.dirs, inProcess)
		}
		if (staged.meta == nil) != tc.fallback {
			t.Errorf("%v: fell back = %v, want %v", tc.dirs, staged.meta == nil, tc.fallback)
		}
		if got, want := fileNames(staged.p), fileNames(all.p); !slices.Equal(got, want) {
			t.Errorf("%v: files %v, go/packages %v", tc.dirs, got, want)
		}
		if got, want := userFuncs(staged.p), userFuncs(all.p); got == 0 || got != want {
			t.Errorf("%v: %d functions, go/packages %d", tc.dirs, got, want)
		}
		for _, pkg := range staged.p.pkgs {
			if len(pkg.Errors) > 0 {
				t.Errorf("%v: %s: %v", tc.dirs, pkg.ID, pkg.Errors)
			}
		}
	}
}

// userFuncs counts the program's function declarations outside the
// generated test main.
func userFuncs(p *program) int {
	n := 0
	for _, d := range p.funcs {
		if !isTestMain(p.fset.Position(d.Pos()).Filename) {
			n++
		}
	}
	return n
}

func isTestMain(name string) bool {
	return strings.HasSuffix(name, "_testmain.go") || strings.Contains(name, "go-build")
}

// fileNames lists the program's user files, without the generated test
// main.
func fileNames(p *program) []string {
	var out []string
	for name := range p.files {
		if !isTestMain(name) {
			out = append(out, filepath.Base(name))
		}
	}
	slices.Sort(out)
	return out
}
