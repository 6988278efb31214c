package passes

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// Finding is one diagnostic of one analyzer, in domain positions: an
// absolute file name, a 1-based line and a 1-based byte column.
type Finding struct {
	Analyzer string // name of the analyzer that reported it
	File     string // absolute file name
	Line     int    // 1-based line
	Column   int    // 1-based byte column
	Message  string
	Related  []Location // other places the message refers to, if any
}

// Location is a place related to a [Finding], such as the other close of a
// channel closed twice.
type Location struct {
	File    string // absolute file name
	Line    int    // 1-based line
	Column  int    // 1-based byte column
	Message string
}

// ErrTypeErrors is the error of an [AnalyzerError] for a package that has
// type errors (or a dependency that has): analyzers that do not declare
// RunDespiteErrors were skipped on it.
var ErrTypeErrors = errors.New("skipped: the package has type errors")

// AnalyzerError is the failure of one analyzer on one package: an error it
// returned or a panic. Other analyzers are not affected by it, except those
// that require it, which are skipped without an error of their own. When
// Analyzer is empty, Err is [ErrTypeErrors] and concerns every analyzer
// skipped on the package.
type AnalyzerError struct {
	Analyzer string // name of the failed analyzer, or ""
	Package  string // ID of the package, as go/packages names it
	Err      error
}

func (e *AnalyzerError) Error() string {
	if e.Analyzer == "" {
		return fmt.Sprintf("passes: %s: %v", e.Package, e.Err)
	}
	return fmt.Sprintf("passes: %s on %s: %v", e.Analyzer, e.Package, e.Err)
}

func (e *AnalyzerError) Unwrap() error { return e.Err }

// Run runs analyzers, with the analyzers they require, on each package of
// pkgs that has syntax, and returns the findings sorted by file, line and
// column, without duplicates.
//
// pkgs are packages loaded by go/packages with at least NeedName,
// NeedFiles, NeedSyntax, NeedTypes and NeedTypesInfo; dependencies need
// only types. Run loads nothing more.
//
// The error is non-nil when the analyzers are invalid, when ctx is
// cancelled, or when some analyzer failed on some package; in the last
// case it joins one [AnalyzerError] per failure and the findings of the
// analyzers that succeeded are returned with it.
func Run(ctx context.Context, pkgs []*packages.Package, analyzers []*analysis.Analyzer) ([]Finding, error) {
	if err := analysis.Validate(analyzers); err != nil {
		return nil, fmt.Errorf("passes: invalid analyzers: %w", err)
	}
	targets := selectPackages(pkgs)

	// One goroutine per package, at most GOMAXPROCS at a time; Run waits
	// for all of them before it returns. Packages share nothing mutable:
	// each action owns its pass and facts.
	results := make([]pkgResult, len(targets))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, pkg := range targets {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i] = analyzePackage(ctx, pkg, analyzers)
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("passes: %w", err)
	}

	var (
		findings []Finding
		errs     []error
		seen     = make(map[string]bool)
	)
	for _, r := range results {
		errs = append(errs, r.errs...)
		for _, f := range r.findings {
			key := fmt.Sprintf("%s:%d:%s:%s", f.File, f.Line, f.Analyzer, f.Message)
			if !seen[key] {
				seen[key] = true
				findings = append(findings, f)
			}
		}
	}
	slices.SortFunc(findings, compareFindings)
	return findings, errors.Join(errs...)
}

// compareFindings orders findings by position, then analyzer and message,
// so that Run's output does not depend on scheduling.
func compareFindings(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
		cmp.Compare(a.Analyzer, b.Analyzer),
		cmp.Compare(a.Message, b.Message),
	)
}

// absFile makes a position's file name absolute; go/packages already
// gives absolute names, this only guards against hand-built packages.
func absFile(name string) string {
	if name == "" || filepath.IsAbs(name) {
		return name
	}
	if abs, err := filepath.Abs(name); err == nil {
		return abs
	}
	return name
}
