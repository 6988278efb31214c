package rootcause

import (
	"context"
	"fmt"
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"
)

// Which packages a load checks from source, and what they import.

// listDirs lists the packages in dirs and their test variants as
// "go list -test" does (stage 1), without the go command when it can.
func listDirs(ctx context.Context, dirs []string, src map[string][]byte) ([]*packages.Package, error) {
	if pkgs, ok := listInProcess(dirs, src); ok {
		return pkgs, nil
	}
	cfg := &packages.Config{
		Context: ctx,
		Mode:    packages.NeedName | packages.NeedFiles | packages.NeedModule | packages.NeedForTest,
		Tests:   true,
		Dir:     dirs[0],
	}
	pkgs, err := packages.Load(cfg, dirs...)
	if err != nil {
		return nil, fmt.Errorf("rootcause: listing %v: %w", dirs, err)
	}
	return pkgs, nil
}

// listInProcess is stage 1 by go/build, which selects files by the same
// rules as the go command, saving a go command (40 ms of CPU, on the two
// cores the debug run needs too). ok is false where the two could select
// differently: build tags in GOFLAGS, a target or cgo setting in the go
// env file (go/build reads only the environment), cgo files, constraints
// on cgo or on the Go version (the go command may be another release than
// the one sleuth was built with), or a directory that is not plainly in a
// module. The generated test main is not listed.
func listInProcess(dirs []string, src map[string][]byte) ([]*packages.Package, bool) {
	if !plainBuildConfig() {
		return nil, false
	}
	for name, b := range src {
		if strings.HasSuffix(name, ".go") && riskyConstraint(b) {
			return nil, false
		}
	}
	var out []*packages.Package
	for _, dir := range dirs {
		mod, ok := moduleOf(dir)
		path, ok2 := importPathOf(dir)
		if !ok || !ok2 {
			return nil, false
		}
		bp, err := build.Default.ImportDir(dir, 0)
		if err != nil || len(bp.CgoFiles) > 0 || len(bp.InvalidGoFiles) > 0 {
			return nil, false
		}
		abs := func(lists ...[]string) []string {
			var out []string
			for _, l := range lists {
				for _, name := range l {
					out = append(out, filepath.Join(dir, name))
				}
			}
			return out
		}
		pkg := &packages.Package{ID: path, Name: bp.Name, PkgPath: path, Dir: dir, GoFiles: abs(bp.GoFiles),
			IgnoredFiles: abs(bp.IgnoredGoFiles), Module: mod}
		out = append(out, pkg)
		test := path + ".test"
		if len(bp.TestGoFiles) > 0 {
			v := *pkg
			v.ID, v.ForTest, v.GoFiles = path+" ["+test+"]", path, abs(bp.GoFiles, bp.TestGoFiles)
			out = append(out, &v)
		}
		if len(bp.XTestGoFiles) > 0 {
			out = append(out, &packages.Package{ID: path + "_test [" + test + "]", Name: bp.Name + "_test",
				PkgPath: path + "_test", Dir: dir, GoFiles: abs(bp.XTestGoFiles), ForTest: path, Module: mod})
		}
	}
	for _, p := range out {
		p.CompiledGoFiles = p.GoFiles
	}
	return out, true
}

// plainBuildConfig reports whether go/build.Default sees the build
// configuration the go command does: no build tags in GOFLAGS and no
// target, cgo or experiment setting in the go env file.
func plainBuildConfig() bool {
	if strings.Contains(os.Getenv("GOFLAGS"), "tags") {
		return false
	}
	name := os.Getenv("GOENV")
	if name == "" {
		dir, err := os.UserConfigDir()
		if err != nil {
			return false
		}
		name = filepath.Join(dir, "go", "env")
	}
	if name == "off" {
		return true
	}
	b, err := os.ReadFile(name)
	if os.IsNotExist(err) {
		return true
	}
	if err != nil {
		return false
	}
	for line := range strings.Lines(string(b)) {
		key, value, _ := strings.Cut(strings.TrimSpace(line), "=")
		if key == "GOFLAGS" && strings.Contains(value, "tags") || slices.Contains(targetVars, key) {
			return false
		}
	}
	return true
}

// targetVars are the go env variables that change which files build.
var targetVars = []string{"CGO_ENABLED", "GOEXPERIMENT", "GOOS", "GOARCH",
	"GO386", "GOAMD64", "GOARM", "GOARM64", "GOMIPS", "GOMIPS64", "GOPPC64", "GORISCV64", "GOWASM"}

// riskyConstraint reports whether a file's build constraints mention cgo
// or a Go release.
func riskyConstraint(src []byte) bool {
	for line := range strings.Lines(string(src)) {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "package ") {
			return false
		}
		if (strings.HasPrefix(line, "//go:build") || strings.HasPrefix(line, "// +build")) &&
			(strings.Contains(line, "cgo") || strings.Contains(line, "go1.")) {
			return true
		}
	}
	return false
}

// selectRoots picks, among the packages go list returned for the dirs, the
// ones to check from source, dependencies first: each test variant, and a
// plain package where it has none or another root imports it; and resolves
// their imports. depIDs are the other packages they import. ok is false
// when go test would rebuild one of them as a test variant of another.
func selectRoots(initial []*packages.Package, syntax map[string]parsedFile) (roots []*rootPkg, depIDs []string, ok bool) {
	plain, variant := map[string]*packages.Package{}, map[string]*packages.Package{}
	for _, p := range initial {
		switch {
		case p.ForTest == "":
			plain[p.PkgPath] = p
		case p.PkgPath == p.ForTest:
			variant[p.PkgPath] = p
		}
	}
	chosen, isDep := map[string]bool{}, map[string]bool{}
	var visit func(p *packages.Package)
	visit = func(p *packages.Package) {
		if chosen[p.ID] {
			return
		}
		chosen[p.ID] = true
		r := &rootPkg{pkg: p, imports: map[string]string{}}
		for _, path := range importsOf(p, syntax) {
			switch imp := plain[path]; {
			case p.ForTest != "" && path == p.ForTest && variant[path] != nil:
				visit(variant[path]) // the external test imports the variant
				r.imports[path] = variant[path].ID
			case imp != nil:
				visit(imp)
				r.imports[path] = imp.ID
			default:
				r.imports[path] = path
				if !isDep[path] {
					isDep[path] = true
					depIDs = append(depIDs, path)
				}
			}
		}
		roots = append(roots, r) // after what it imports
	}
	for _, p := range initial {
		testMain := p.Name == "main" && strings.HasSuffix(p.PkgPath, ".test") && p.ForTest == ""
		if !testMain && (p.ForTest != "" || variant[p.PkgPath] == nil) {
			visit(p)
		}
	}
	sort.Strings(depIDs)
	return roots, depIDs, !rebuiltForTest(roots)
}

// rebuiltForTest reports whether the test of some package X imports,
// through plain packages among roots, one that imports X: go test
// rebuilds that one against X's test variant ("P [X.test]"), which this
// load does not model.
func rebuiltForTest(roots []*rootPkg) bool {
	byID := map[string]*rootPkg{}
	for _, r := range roots {
		byID[r.pkg.ID] = r
	}
	for _, t := range roots {
		x := t.pkg.ForTest
		if x == "" {
			continue
		}
		seen := map[string]bool{}
		var reaches func(r *rootPkg) bool
		reaches = func(r *rootPkg) bool {
			for _, id := range r.imports {
				p := byID[id]
				if p == nil || p.pkg.ForTest != "" || seen[id] {
					continue
				}
				seen[id] = true
				if _, ok := p.imports[x]; ok || reaches(p) {
					return true
				}
			}
			return false
		}
		if reaches(t) {
			return true
		}
	}
	return false
}

// importsOf lists the import paths of p's files, without "C" and "unsafe".
func importsOf(p *packages.Package, syntax map[string]parsedFile) []string {
	seen := map[string]bool{"C": true, "unsafe": true}
	var out []string
	for _, name := range p.GoFiles {
		pf, ok := syntax[name]
		if !ok {
			continue
		}
		for _, imp := range pf.f.Imports {
			if path, err := strconv.Unquote(imp.Path.Value); err == nil && !seen[path] {
				seen[path] = true
				out = append(out, path)
			}
		}
	}
	sort.Strings(out)
	return out
}

// importsRoot reports whether a package in deps' import graph has the path
// of a root.
func importsRoot(deps []*packages.Package, roots []*rootPkg) bool {
	paths := map[string]bool{}
	for _, r := range roots {
		paths[r.pkg.PkgPath] = true
	}
	found := false
	packages.Visit(deps, func(p *packages.Package) bool {
		found = found || paths[p.PkgPath]
		return !found
	}, nil)
	return found
}

// guessImports returns the import paths the Go files in src name, except
// "C", "unsafe" and the packages in dirs themselves. ok is false when the
// import path of a dir is unknown (no go.mod above it, or a vendor
// directory): a guess could then name a package in dirs, which go list
// -export would compile.
func guessImports(dirs []string, src map[string][]byte) (paths []string, ok bool) {
	own := map[string]bool{}
	for _, d := range dirs {
		path, ok := importPathOf(d)
		if !ok {
			return nil, false
		}
		own[path], own[path+"_test"] = true, true
	}
	seen := map[string]bool{"C": true, "unsafe": true}
	fset := token.NewFileSet()
	for _, name := range sortedKeys(src) {
		f, err := parser.ParseFile(fset, name, src[name], parser.ImportsOnly)
		if err != nil {
			continue
		}
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err == nil && !seen[path] && !own[path] {
				seen[path] = true
				paths = append(paths, path)
			}
		}
	}
	return paths, true
}

// importPathOf derives dir's import path from its module.
func importPathOf(dir string) (string, bool) {
	m, ok := moduleOf(dir)
	if !ok {
		return "", false
	}
	rel, err := filepath.Rel(m.Dir, dir)
	switch {
	case err != nil:
		return "", false
	case m.Path == "std":
		return filepath.ToSlash(rel), rel != "."
	case rel == ".":
		return m.Path, true
	}
	return m.Path + "/" + filepath.ToSlash(rel), true
}

// moduleOf returns the module of the nearest go.mod above dir, outside
// vendor directories, with its path and go version.
func moduleOf(dir string) (*packages.Module, bool) {
	if strings.Contains(filepath.ToSlash(dir), "/vendor/") {
		return nil, false
	}
	for d := dir; ; {
		name := filepath.Join(d, "go.mod")
		if b, err := os.ReadFile(name); err == nil {
			m := &packages.Module{Dir: d, GoMod: name, Main: true}
			m.Path, m.GoVersion = directive(b, "module"), directive(b, "go")
			return m, m.Path != ""
		}
		parent := filepath.Dir(d)
		if parent == d {
			return nil, false
		}
		d = parent
	}
}

// directive returns the argument of a go.mod's first line starting with
// verb, unquoted, or "".
func directive(gomod []byte, verb string) string {
	for line := range strings.Lines(string(gomod)) {
		rest, ok := strings.CutPrefix(strings.TrimSpace(line), verb)
		if !ok || rest == "" || rest[0] != ' ' && rest[0] != '\t' {
			continue
		}
		rest, _, _ = strings.Cut(rest, "//")
		rest = strings.TrimSpace(rest)
		if p, err := strconv.Unquote(rest); err == nil {
			return p
		}
		return rest
	}
	return ""
}

// filesOf lists the Go files of pkgs.
func filesOf(pkgs []*packages.Package) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range pkgs {
		for _, name := range p.GoFiles {
			if !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
		}
	}
	return out
}

func packagesOf(roots []*rootPkg) []*packages.Package {
	out := make([]*packages.Package, len(roots))
	for i, r := range roots {
		out[i] = r.pkg
	}
	return out
}
