package passes_test

import (
	"context"
	"errors"
	"go/ast"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"

	"github.com/sleuth-dev/sleuth/analysis/passes"
)

// loadMod loads the testdata module the way sleuth loads a failing test's
// packages: syntax for the pattern only, tests included. It is loaded once
// and shared, read-only, by the tests and the benchmark.
var loadMod = sync.OnceValues(func() ([]*packages.Package, error) {
	dir, err := filepath.Abs(filepath.Join("testdata", "mod"))
	if err != nil {
		return nil, err
	}
	cfg := &packages.Config{
		Mode:  packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo | packages.NeedImports,
		Dir:   dir,
		Tests: true,
		Env:   append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod"),
	}
	pkgs, err := packages.Load(cfg, "./app")
	if err != nil {
		return nil, err
	}
	if packages.PrintErrors(pkgs) > 0 {
		return nil, errors.New("testdata/mod has errors")
	}
	return pkgs, nil
})

func load(t testing.TB) []*packages.Package {
	t.Helper()
	pkgs, err := loadMod()
	if err != nil {
		t.Fatalf("loading testdata/mod: %v", err)
	}
	return pkgs
}

// markerLine returns the absolute name of file (relative to the testdata
// module) and the line holding the comment "// marker".
func markerLine(t *testing.T, file, marker string) (string, int) {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join("testdata", "mod", file))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(data), "\n") {
		if strings.HasSuffix(line, "// "+marker) {
			return abs, i + 1
		}
	}
	t.Fatalf("%s has no line ending in // %s", file, marker)
	return "", 0
}

func TestRunDefault(t *testing.T) {
	pkgs := load(t)
	// The dependency has types from export data but no syntax.
	for _, p := range pkgs {
		if dep := p.Imports["example.com/mod/dep"]; dep != nil && len(dep.Syntax) > 0 {
			t.Fatalf("%s: dependency loaded with syntax", p.ID)
		}
	}
	findings, err := passes.Run(context.Background(), pkgs, passes.Default())
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	for _, f := range findings {
		t.Logf("%s:%d:%d: %s: %s", f.File, f.Line, f.Column, f.Analyzer, f.Message)
	}

	for _, want := range []struct{ file, analyzer, message string }{
		{"app/app.go", "nilness", "nil dereference"},
		{"app/app.go", "discardederr", "error from Lookup discarded"},
		{"app/app_test.go", "ctorbypass", "Cache built without NewCache"},
		{"app/ext_test.go", "offbyone", "loop condition i <= len(nodes)"},
	} {
		file, line := markerLine(t, want.file, want.analyzer)
		n := 0
		for _, f := range findings {
			if f.Analyzer == want.analyzer && f.File == file && f.Line == line && strings.Contains(f.Message, want.message) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s:%d: got %d %s findings containing %q, want 1", file, line, n, want.analyzer, want.message)
		}
	}
	if len(findings) != 4 {
		t.Errorf("got %d findings, want 4", len(findings))
	}
}

func TestRunDeduplicates(t *testing.T) {
	pkgs := load(t)
	once, err := passes.Run(context.Background(), pkgs, passes.Default())
	if err != nil {
		t.Fatal(err)
	}
	// The same packages twice, and the plain package alone first: the
	// findings must not change.
	var plain []*packages.Package
	for _, p := range pkgs {
		if p.ID == "example.com/mod/app" {
			plain = append(plain, p)
		}
	}
	twice, err := passes.Run(context.Background(), slices.Concat(plain, pkgs, pkgs), passes.Default())
	if err != nil {
		t.Fatal(err)
	}
	if len(once) != len(twice) {
		t.Errorf("got %d findings with duplicated packages, want %d", len(twice), len(once))
	}
}

// panicky panics on every package.
var panicky = &analysis.Analyzer{
	Name: "panicky",
	Doc:  "panics",
	Run:  func(*analysis.Pass) (any, error) { panic("boom") },
}

// dependent requires panicky, so it cannot run either.
var dependent = &analysis.Analyzer{
	Name:     "dependent",
	Doc:      "requires panicky",
	Requires: []*analysis.Analyzer{panicky},
	Run:      func(*analysis.Pass) (any, error) { return nil, nil },
}

func TestRunRecoversPanic(t *testing.T) {
	pkgs := load(t)
	analyzers := append(passes.Default(), panicky, dependent)
	findings, err := passes.Run(context.Background(), pkgs, analyzers)
	var ae *passes.AnalyzerError
	if !errors.As(err, &ae) || ae.Analyzer != "panicky" || !strings.Contains(ae.Err.Error(), "boom") {
		t.Fatalf("Run error = %v, want an AnalyzerError for panicky", err)
	}
	if strings.Contains(err.Error(), "dependent") {
		t.Errorf("the dependent analyzer's skip should not be reported: %v", err)
	}
	if len(findings) != 4 {
		t.Errorf("got %d findings besides the panic, want 4", len(findings))
	}
}

// mark is the fact factsAnalyzer exports.
type mark struct{}

func (*mark) AFact()         {}
func (*mark) String() string { return "mark" }

// factsAnalyzer exports a fact about each function of the package, reads
// it back, and reports the functions whose fact it found; it also checks
// that facts about other packages' objects are absent. It requires
// ctrlflow, which uses facts about its own package the same way.
var factsAnalyzer = &analysis.Analyzer{
	Name:      "facts",
	Doc:       "round-trips facts",
	FactTypes: []analysis.Fact{new(mark)},
	Requires:  []*analysis.Analyzer{ctrlflow.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok {
					pass.ExportObjectFact(pass.TypesInfo.Defs[fd.Name], new(mark))
				}
			}
		}
		for _, f := range pass.Files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && pass.ImportObjectFact(pass.TypesInfo.Defs[fd.Name], new(mark)) {
					pass.Reportf(fd.Name.Pos(), "fact about %s", fd.Name.Name)
				}
			}
		}
		for _, imp := range pass.Pkg.Imports() {
			if obj := imp.Scope().Lookup("Lookup"); obj != nil && pass.ImportObjectFact(obj, new(mark)) {
				return nil, errors.New("found a fact about a dependency")
			}
		}
		if len(pass.AllObjectFacts()) == 0 {
			return nil, errors.New("AllObjectFacts is empty")
		}
		return nil, nil
	},
}

func TestRunFacts(t *testing.T) {
	findings, err := passes.Run(context.Background(), load(t), []*analysis.Analyzer{factsAnalyzer})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range findings {
		got = append(got, f.Message)
	}
	for _, want := range []string{"fact about Last", "fact about Name", "fact about NewCache", "fact about TestPut", "fact about TestLast"} {
		if !slices.Contains(got, want) {
			t.Errorf("missing %q in %q", want, got)
		}
	}
}

// ssaCheck reports each SSA function that calls into the dependency,
// which the driver loads from export data only.
var ssaCheck = &analysis.Analyzer{
	Name:     "ssacheck",
	Doc:      "builds SSA over a package whose dependencies have types only",
	Requires: []*analysis.Analyzer{buildssa.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, fn := range pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					if call, ok := instr.(ssa.CallInstruction); ok {
						if callee := call.Common().StaticCallee(); callee != nil && callee.Pkg != nil && callee.Pkg.Pkg.Path() == "example.com/mod/dep" {
							pass.Reportf(instr.Pos(), "%s calls %s", fn.Name(), callee.Name())
						}
					}
				}
			}
		}
		return nil, nil
	},
}

func TestRunBuildSSA(t *testing.T) {
	findings, err := passes.Run(context.Background(), load(t), []*analysis.Analyzer{ssaCheck})
	if err != nil {
		t.Fatal(err)
	}
	if len(findings) != 1 || findings[0].Message != "Name calls Lookup" {
		t.Fatalf("got %+v, want one call of dep.Lookup from Name", findings)
	}
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := passes.Run(ctx, load(t), passes.Default()); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run error = %v, want context.Canceled", err)
	}
}

func TestRunTypeErrors(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("testdata", "mod"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo | packages.NeedImports,
		Dir:  dir,
		Env:  append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod"),
	}
	pkgs, err := packages.Load(cfg, "./broken")
	if err != nil {
		t.Fatal(err)
	}
	_, err = passes.Run(context.Background(), pkgs, passes.Default())
	var ae *passes.AnalyzerError
	if !errors.Is(err, passes.ErrTypeErrors) || !errors.As(err, &ae) || ae.Analyzer != "" {
		t.Fatalf("Run error = %v, want one AnalyzerError wrapping ErrTypeErrors", err)
	}
	if n := strings.Count(err.Error(), "\n") + 1; n != 1 {
		t.Errorf("got %d errors, want 1: %v", n, err)
	}
}

func TestRunInvalid(t *testing.T) {
	bad := &analysis.Analyzer{Name: "bad name", Doc: "x", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	if _, err := passes.Run(context.Background(), nil, []*analysis.Analyzer{bad}); err == nil {
		t.Fatal("Run accepted an invalid analyzer")
	}
}

func TestDefault(t *testing.T) {
	names := make(map[string]bool)
	for _, a := range passes.Default() {
		names[a.Name] = true
	}
	for _, want := range []string{"nilness", "lostcancel", "copylocks", "loopclosure", "errorsas", "unusedresult",
		"discardederr", "ctorbypass", "offbyone", "doubleclose", "skippeddone", "lockorder", "condwait", "unlockedmap"} {
		if !names[want] {
			t.Errorf("Default lacks %s", want)
		}
	}
	if err := analysis.Validate(passes.Default()); err != nil {
		t.Fatal(err)
	}
}
