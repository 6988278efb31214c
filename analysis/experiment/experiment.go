package experiment

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/types"
	"os"
	"runtime"
	"sort"
	"strings"
	"time"

	"golang.org/x/tools/go/packages"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// Options bound and steer a Run.
type Options struct {
	// Budget bounds the time spent running experiments, after the build
	// (DefaultBudget when zero). What was not run by then is said.
	Budget time.Duration
	// Parallel is how many test processes run at once (the cores when
	// zero).
	Parallel int
	// Tags are the build tags of the failing run.
	Tags string
	// Progress, when set, is told how many experiments ran of how many;
	// its calls come from several goroutines, one at a time.
	Progress func(done, total int)
}

// DefaultBudget is the time experiments may take after the build.
const DefaultBudget = 20 * time.Second

// Result is what the experiments found.
type Result struct {
	// Outcomes are the experiments run, in the order they were run.
	Outcomes []Outcome
	// Reached are the lines ("file:line", file absolute) of the
	// statements the failing run executed in the module's non-test files:
	// the candidates.
	Reached map[string]bool
	// Markers maps the reach markers to their lines ("file:line").
	Markers map[int]string
	// Sites and Variants count what could be tried (reached or not);
	// Dropped counts edits that did not type-check.
	Sites, Variants, Dropped int
	// Skipped counts reached experiments the budget left out.
	Skipped int
	// Test is the failing test; Others the package's other tests that
	// passed before any change.
	Test   string
	Others int
	// Build and Runs are the time spent building and running.
	Build, Runs time.Duration
	// Problems say why a package was left unchanged.
	Problems []string
}

// Outcome is one experiment's verdict.
type Outcome struct {
	Variant *Variant
	// Passed is true when the failing test passed with the change.
	Passed bool
	// Checked is true when the package's other tests were run with it;
	// Broke lists those of them that failed then (and passed before).
	Checked bool
	Broke   []string
	// TimedOut is true when the failing test hung with the change.
	TimedOut bool
	// Toggles is true when the change made the failing test pass by
	// switching the branch its if guards: never running statements the
	// unchanged run ran (Disables), or running them where it did not. The
	// branch matters; the change is no fix (the anti-pattern of deleting
	// or forcing a condition).
	Toggles, Disables bool
	// AtCrash is true for a change on the line where a panic happened: it
	// avoids the failing operation rather than what led to it.
	AtCrash bool
}

// Fixes reports whether the change made the failing test pass and kept
// every other test of the package passing.
func (o Outcome) Fixes() bool { return o.Passed && o.Checked && len(o.Broke) == 0 }

// Weak reports whether a change that made the test pass is of a kind that
// usually hides a failure rather than fixes it (Tan et al., anti-patterns
// in search-based program repair, FSE 2016): removing a statement,
// negating a condition, a change that switches its branch, or one that
// avoids the operation that panicked where it panicked.
func (o Outcome) Weak() bool {
	return o.Toggles || o.AtCrash || o.Variant.Family == "delete" || o.Variant.Family == "negate" || o.Variant.Family == "flip"
}

// ErrNotApplicable is returned for failures experiments cannot decide
// (no failing test, a build error, a concurrency failure).
var ErrNotApplicable = errors.New("experiment: not applicable")

// Run makes the experiments for rep's failure: instrument the module's
// packages, build the test once, find which statements the failing test
// reaches, then run the test once per change at a reached statement.
// priority orders the lines ("file:line"): lower first; lines it does not
// name come after, nearest the failure first.
func Run(ctx context.Context, rep *report.Report, priority map[string]int, o Options) (*Result, error) {
	f := rep.Failure
	switch {
	case f == nil || rep.Target.Mode != "test" || f.Test == "" || rep.Target.Dir == "":
		return nil, fmt.Errorf("%w: experiments re-run a failing test", ErrNotApplicable)
	case f.Kind == report.KindBuildError || f.Kind == report.KindDataRace || f.Kind == report.KindConcurrentMapWrite ||
		f.Kind == report.KindDeadlock || f.Kind == report.KindTimeout:
		return nil, fmt.Errorf("%w: not for %s failures yet", ErrNotApplicable, f.Kind)
	}
	if o.Budget <= 0 {
		o.Budget = DefaultBudget
	}
	if o.Parallel <= 0 {
		o.Parallel = runtime.NumCPU()
	}
	pkgs, err := loadPackages(ctx, rep.Target.Dir, o.Tags)
	if err != nil {
		return nil, err
	}
	sch, res := instrument(pkgs)
	if len(sch) == 0 {
		why := "no package loaded"
		if len(res.Problems) > 0 {
			why = res.Problems[0]
		}
		return nil, fmt.Errorf("experiment: no code of the module to change (%s)", why)
	}
	tmp, err := os.MkdirTemp("", "sleuth-exp-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	t0 := time.Now()
	bin, err := build(ctx, rep.Target.Dir, tmp, sch, o.Tags)
	res.Build = time.Since(t0)
	if err != nil {
		return res, err
	}
	r := &runner{bin: bin, dir: rep.Target.Dir, test: f.Test, tmp: tmp}
	res.Test = f.Test
	if err := r.baseline(ctx); err != nil {
		return res, err
	}
	res.Others = r.others
	res.Reached, res.Markers = map[string]bool{}, map[int]string{}
	var todo, pairs []*Variant
	for _, sp := range sch {
		for _, sf := range sp.files {
			for id, line := range sf.markLine {
				key := LineKey(sf.name, line)
				res.Markers[id] = key
				if r.reached[id] {
					res.Reached[key] = true
				}
			}
			for _, s := range sf.sites {
				res.Sites++
				res.Variants += len(s.Variants)
				if r.reached[s.Stmt] {
					todo = append(todo, s.Variants...)
				}
			}
			for _, v := range sf.pairs {
				res.Variants++
				if r.reached[v.Site.Stmt] {
					pairs = append(pairs, v)
				}
			}
		}
	}
	order(todo, priority, rep)
	order(pairs, priority, rep)
	todo = append(todo, pairs...) // a pair after every single change
	t1 := time.Now()
	res.Outcomes, res.Skipped = r.runAll(ctx, todo, o)
	if f.Kind != report.KindTestFailure && f.Location.File != "" {
		for i := range res.Outcomes {
			s := res.Outcomes[i].Variant.Site
			res.Outcomes[i].AtCrash = s.File == f.Location.File && s.Line == f.Location.Line
		}
	}
	res.Runs = time.Since(t1)
	return res, ctx.Err()
}

// instrument finds the sites of every package and type-checks their
// schemata, dropping the sites that do not check.
func instrument(pkgs []*packages.Package) ([]*schemaPkg, *Result) {
	res := &Result{}
	wraps := stdWraps(pkgs)
	next := 1 // 0 is "no change"
	var out []*schemaPkg
	for _, p := range pkgs {
		first := next
		sp := &schemaPkg{pkg: p}
		for _, af := range p.Syntax {
			name := p.Fset.Position(af.Pos()).Filename
			if strings.HasSuffix(name, "_test.go") || importsC(af) || ast.IsGenerated(af) {
				continue
			}
			src, err := os.ReadFile(name)
			if err != nil {
				continue
			}
			fd := &finder{fset: p.Fset, file: af, name: name, src: src, info: p.TypesInfo, pkg: p.Types, next: &next, wraps: wraps}
			fd.find()
			sp.files = append(sp.files, &schemaFile{name: name, src: src, sites: fd.sites, marks: fd.marks, markLine: fd.markLine, fd: fd})
		}
		if len(sp.files) == 0 {
			continue
		}
		sp.helper = helperSource(p.Name, first, next-first)
		dropped, err := sp.typeCheck(8)
		res.Dropped += dropped
		if err != nil {
			res.Problems = append(res.Problems, p.PkgPath+": "+err.Error())
			continue // this package stays as it is
		}
		for _, f := range sp.files {
			f.pairs = f.makePairs(f.fd)
		}
		out = append(out, sp)
	}
	return out, res
}

func importsC(f *ast.File) bool {
	for _, im := range f.Imports {
		if im.Path.Value == `"C"` {
			return true
		}
	}
	return false
}

// stdWraps lists, by argument type, the standard-library functions of one
// argument returning that type that the module calls somewhere.
func stdWraps(pkgs []*packages.Package) map[string][]stdFunc {
	out := map[string][]stdFunc{}
	seen := map[stdFunc]bool{}
	for _, p := range pkgs {
		fd := &finder{info: p.TypesInfo, pkg: p.Types}
		for _, af := range p.Syntax {
			ast.Inspect(af, func(n ast.Node) bool {
				c, ok := n.(*ast.CallExpr)
				if !ok || len(c.Args) != 1 {
					return true
				}
				if fn, ok := fd.std(c.Fun); ok && !seen[fn] {
					seen[fn] = true
					t := p.TypesInfo.Types[c.Args[0]].Type
					if t != nil {
						key := types.TypeString(types.Default(t), nil)
						out[key] = append(out[key], fn)
					}
				}
				return true
			})
		}
	}
	for k := range out {
		sort.Slice(out[k], func(i, j int) bool { return out[k][i].name < out[k][j].name })
	}
	return out
}

// order sorts the experiments: lines priority names first (lower first),
// then lines in the files of the failing stack, then the rest; one line's
// experiments stay together, in family order.
func order(vs []*Variant, priority map[string]int, rep *report.Report) {
	stackFiles := map[string]int{}
	for i, fr := range rep.Frames {
		if _, ok := stackFiles[fr.File]; !ok {
			stackFiles[fr.File] = i
		}
	}
	key := func(v *Variant) (int, int, string, int) {
		line := LineKey(v.Site.File, v.Site.Line)
		if p, ok := priority[line]; ok {
			return 0, p, line, v.ID
		}
		if d, ok := stackFiles[v.Site.File]; ok {
			return 1, d, line, v.ID
		}
		return 2, 0, line, v.ID
	}
	sort.SliceStable(vs, func(i, j int) bool {
		a1, a2, a3, a4 := key(vs[i])
		b1, b2, b3, b4 := key(vs[j])
		if a1 != b1 {
			return a1 < b1
		}
		if a2 != b2 {
			return a2 < b2
		}
		if a3 != b3 {
			return a3 < b3
		}
		return a4 < b4
	})
}
