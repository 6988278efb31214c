package passes

import (
	"strings"

	"golang.org/x/tools/go/packages"
)

// selectPackages returns the packages of pkgs worth analysing: those with
// syntax and types, except the generated test main and the variants whose
// files another selected package of the same path already covers.
//
// With Tests set, go/packages returns "p" and "p [p.test]" for one
// package; the test variant has p's files plus its _test.go files, so
// analysing both would only repeat findings. The variant with more files
// wins; a variant with files the winner lacks is kept, and Run's
// de-duplication removes what the two then report twice.
func selectPackages(pkgs []*packages.Package) []*packages.Package {
	byPath := make(map[string][]*packages.Package)
	var order []string
	seen := make(map[*packages.Package]bool)
	for _, p := range pkgs {
		if p == nil || seen[p] || len(p.Syntax) == 0 || p.Types == nil || p.TypesInfo == nil || isTestMain(p) {
			continue
		}
		seen[p] = true
		if _, ok := byPath[p.PkgPath]; !ok {
			order = append(order, p.PkgPath)
		}
		byPath[p.PkgPath] = append(byPath[p.PkgPath], p)
	}

	var out []*packages.Package
	for _, path := range order {
		group := byPath[path]
		best := group[0]
		for _, p := range group[1:] {
			if len(p.Syntax) > len(best.Syntax) {
				best = p
			}
		}
		covered := fileSet(best)
		out = append(out, best)
		for _, p := range group {
			if p != best && !coveredBy(p, covered) {
				out = append(out, p)
			}
		}
	}
	return out
}

// isTestMain reports whether p is the main package that "go test"
// generates for a test binary: it has path "p.test", name main and no
// source of the user's.
func isTestMain(p *packages.Package) bool {
	return p.Name == "main" && strings.HasSuffix(p.PkgPath, ".test") && !strings.Contains(p.ID, " [")
}

// fileSet returns the names of the files p was parsed from.
func fileSet(p *packages.Package) map[string]bool {
	set := make(map[string]bool, len(p.Syntax))
	for _, f := range p.Syntax {
		set[p.Fset.File(f.FileStart).Name()] = true
	}
	return set
}

// coveredBy reports whether every file of p is in set.
func coveredBy(p *packages.Package, set map[string]bool) bool {
	for _, f := range p.Syntax {
		if !set[p.Fset.File(f.FileStart).Name()] {
			return false
		}
	}
	return true
}
