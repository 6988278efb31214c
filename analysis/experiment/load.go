package experiment

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"
)

// loadPackages loads, with syntax and types, the main module's packages
// that the test binary of dir is built from: where the cause can be.
func loadPackages(ctx context.Context, dir string, tags string) ([]*packages.Package, error) {
	cfg := &packages.Config{
		Context: ctx,
		Dir:     dir,
		Mode:    packages.NeedName | packages.NeedImports | packages.NeedDeps | packages.NeedModule,
		Tests:   true,
		Env:     append(os.Environ(), "GOFLAGS=-mod=mod"),
	}
	if tags != "" {
		cfg.BuildFlags = []string{"-tags=" + tags}
	}
	roots, err := packages.Load(cfg, ".")
	if err != nil {
		return nil, fmt.Errorf("listing the test's packages: %w", err)
	}
	var paths []string
	seen := map[string]bool{}
	packages.Visit(roots, func(p *packages.Package) bool {
		if p.Module == nil || !p.Module.Main || strings.HasSuffix(p.PkgPath, ".test") {
			return true
		}
		path := strings.TrimSuffix(p.PkgPath, "_test")
		if !seen[path] {
			seen[path] = true
			paths = append(paths, path)
		}
		return true
	}, nil)
	if len(paths) == 0 {
		return nil, errors.New("no package of the module to change")
	}
	cfg.Mode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedSyntax |
		packages.NeedTypes | packages.NeedTypesInfo | packages.NeedImports | packages.NeedModule
	cfg.Tests = false
	pkgs, err := packages.Load(cfg, paths...)
	if err != nil {
		return nil, fmt.Errorf("loading the module's packages: %w", err)
	}
	var out []*packages.Package
	for _, p := range pkgs {
		if len(p.Errors) == 0 && p.Types != nil && len(p.Syntax) > 0 {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].PkgPath < out[j].PkgPath })
	return out, nil
}
