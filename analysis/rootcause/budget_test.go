package rootcause

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// traceGenerated runs the static analysis (tracer, ranking, explanation)
// over generated program seed with a generated failure, as AnalyzeWith does
// after a capture, and returns the tracer for its budget. A panic is
// returned as an error, with the program, so that the seed can be
// replayed.
func traceGenerated(seed uint64) (t *tracer, err error) {
	gp := generate(seed)
	p, err := gp.check()
	if err != nil {
		return nil, fmt.Errorf("seed %d: %w\n%s", seed, err, gp.source())
	}
	rep := gp.failure(p, seed)
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("seed %d: %s failure at %s:%d: panic: %v\n%s\n%s", seed, rep.Failure.Kind,
				filepath.Base(rep.Failure.Location.File), rep.Failure.Location.Line, r, debug.Stack(), gp.source())
		}
	}()
	t = newTracer(p, rep)
	sus, _ := t.analyze(nil)
	for _, s := range sus {
		if s.Score < 0 || s.Score > 1 || s.File == "" || s.Line <= 0 {
			return t, fmt.Errorf("seed %d: bad suspect %+v", seed, s)
		}
	}
	return t, nil
}

// source renders the program's files for a failure message.
func (gp *genProgram) source() string {
	var b strings.Builder
	for _, name := range sortedKeys(gp.files) {
		fmt.Fprintf(&b, "-- %s --\n", filepath.Base(name))
		for i, line := range strings.Split(gp.files[name], "\n") {
			fmt.Fprintf(&b, "%4d %s\n", i+1, line)
		}
	}
	return b.String()
}

// TestTraceTerminatesOnGeneratedPrograms is the property behind the
// tracer's budget: on any program (here, generated ones full of cycles:
// fields assigned from themselves and from each other, mutually recursive
// functions handing on their results, closures, goroutines), the trace
// ends without a panic, and ends because its visited sets close the
// cycles, well inside the budget, not because the budget cut it.
func TestTraceTerminatesOnGeneratedPrograms(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	if s := os.Getenv("SLEUTH_GEN_PROGRAMS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	start := time.Now()
	var steps, deepest, cut []int
	for seed := range uint64(n) {
		tr, err := traceGenerated(seed)
		if err != nil {
			t.Fatal(err)
		}
		steps = append(steps, tr.budget.steps)
		deepest = append(deepest, tr.budget.deepest)
		if tr.budget.spent != "" {
			cut = append(cut, int(seed))
		}
	}
	slices.Sort(steps)
	slices.Sort(deepest)
	t.Logf("%d programs in %v: steps median %d, max %d; nesting max %d", n, time.Since(start).Round(time.Millisecond),
		steps[len(steps)/2], steps[len(steps)-1], deepest[len(deepest)-1])
	if len(cut) > 0 {
		t.Errorf("the budget cut %d trace(s) (seeds %v): a cycle the visited sets do not close", len(cut), cut[:min(len(cut), 10)])
	}
}

// FuzzAnalyzeGenerated is the same property with the fuzzer choosing the
// seeds: go test -fuzz FuzzAnalyzeGenerated ./analysis/rootcause/.
func FuzzAnalyzeGenerated(f *testing.F) {
	for _, seed := range []uint64{0, 1, 7, 42, 1 << 20, 1<<63 + 5} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		tr, err := traceGenerated(seed)
		if err != nil {
			t.Fatal(err)
		}
		if tr.budget.spent != "" {
			t.Errorf("seed %d: %s", seed, tr.budget.spent)
		}
	})
}

// TestGeneratedProgramsDiffer guards the generator itself: seeds give
// different programs, and the programs hold the shapes the property is
// about.
func TestGeneratedProgramsDiffer(t *testing.T) {
	seen := map[string]bool{}
	shapes := map[string]*regexp.Regexp{
		"self-assigned field":  regexp.MustCompile(`(?m)^\s*(\w+(?:\.\w+)+) = (\w+(?:\.\w+)+)$`),
		"goroutine":            regexp.MustCompile(`\bgo func\(\) \{`),
		"tuple handed on":      regexp.MustCompile(`return (\w+\.)?(fn|m)\d+\(`),
		"closure over a field": regexp.MustCompile(`l\d+ := func\(\) \{`),
		"off-by-one loop":      regexp.MustCompile(`<= len\(`),
	}
	found := map[string]int{}
	for seed := range uint64(100) {
		gp := generate(seed)
		var src string
		for _, name := range sortedKeys(gp.files) {
			src += gp.files[name]
		}
		seen[src] = true
		for name, re := range shapes {
			for _, m := range re.FindAllStringSubmatch(src, -1) {
				if name != "self-assigned field" || m[1] == m[2] {
					found[name]++
				}
			}
		}
	}
	if len(seen) != 100 {
		t.Errorf("100 seeds gave %d distinct programs", len(seen))
	}
	for name := range shapes {
		if found[name] == 0 {
			t.Errorf("no generated program has a %s", name)
		}
	}
}

// TestBudgetStopsTrace checks the budget itself: with the limits made
// small, a trace that needs more stops, returns what it found, and says so
// in the explanation; the nesting limit cuts only the branch it is on.
func TestBudgetStopsTrace(t *testing.T) {
	p, rep, _ := cycleCase(t, "testdata/cycles/field_cycle.txtar")
	full := newTracer(p, rep)
	fullSus, fullExpl := full.analyze(nil)
	if full.budget.spent != "" || strings.Contains(fullExpl.Details, "stopped") {
		t.Fatalf("the full trace was cut: %q", fullExpl.Details)
	}
	if full.budget.steps < 4 {
		t.Fatalf("the full trace took %d steps; the test needs more", full.budget.steps)
	}

	small := newTracer(p, rep)
	small.budget.maxSteps = 2
	sus, expl := small.analyze(nil)
	if small.budget.steps != 2 || !strings.Contains(expl.Details, "stopped after 2 steps") {
		t.Errorf("steps %d, explanation %q", small.budget.steps, expl.Details)
	}
	if len(sus) == 0 || len(sus) >= len(fullSus) {
		t.Errorf("a cut trace found %d suspects, the full one %d", len(sus), len(fullSus))
	}

	shallow := newTracer(p, rep)
	shallow.budget.maxNesting = 1
	shallow.analyze(nil)
	if shallow.budget.deepest != 1 || !strings.Contains(shallow.budget.spent, "nested") {
		t.Errorf("nesting %d, spent %q", shallow.budget.deepest, shallow.budget.spent)
	}
}

// TestCycles runs the tracer over the programs of testdata/cycles, each a
// failure in a goroutine whose value comes around a cycle (the shapes
// that overflowed the stack, issue 11): it must end, and rank the lines
// marked "// SUSPECT" among its suspects.
func TestCycles(t *testing.T) {
	files, _ := filepath.Glob("testdata/cycles/*.txtar")
	if len(files) == 0 {
		t.Fatal("no cases in testdata/cycles")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			p, rep, gp := cycleCase(t, file)
			tr := newTracer(p, rep)
			sus, _ := tr.analyze(nil)
			if tr.budget.spent != "" {
				t.Errorf("%s", tr.budget.spent)
			}
			got := map[string]bool{}
			for _, s := range sus {
				got[fmt.Sprintf("%s:%d", filepath.Base(s.File), s.Line)] = true
			}
			for _, want := range gp.markers("// SUSPECT") {
				if !got[want] {
					t.Errorf("%s is not a suspect; suspects: %v", want, sortedKeys(got))
				}
			}
		})
	}
}

// TestAnalyzeFieldCycle is issue 11's failure end to end through
// Analyze (the load included): a nil dereference in a goroutine, on a
// field assigned from itself (prev.next = cur.next) and from another
// field that is assigned from it. Before the visited set it recursed until
// the stack overflowed.
func TestAnalyzeFieldCycle(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/cycles/field_cycle.txtar")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range ar.Files {
		files[f.Name] = string(f.Data)
	}
	dir := writeModule(t, files)
	file := filepath.Join(dir, "list.go")
	line := 0
	for i, l := range strings.Split(files["list.go"], "\n") {
		if strings.Contains(l, "// CRASH") {
			line = i + 1
		}
	}
	rep := &report.Report{
		Failure: &report.Failure{Kind: report.KindNilDeref, Message: "runtime error: invalid memory address or nil pointer dereference",
			Location: report.Location{File: file, Line: line}},
		Frames: []report.Frame{{Function: "example.com/m.(*List).ThirdValue", File: file, Line: line, User: true}},
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	sus, expl, err := Analyze(ctx, rep)
	if err != nil {
		t.Fatal(err)
	}
	if len(sus) < 2 || expl.Source != "evidence" || strings.Contains(expl.Details, "stopped") {
		t.Errorf("suspects %v, explanation %+v", sus, expl)
	}
}

// TestRecoveredPanic checks what an entry point makes of a panic: an
// error that says the analysis failed, where, and why.
func TestRecoveredPanic(t *testing.T) {
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = failed(r)
			}
		}()
		var s []int
		_ = s[3]
		return nil
	}()
	if err == nil || !strings.HasPrefix(err.Error(), "root-cause analysis failed: runtime error: index out of range") ||
		!strings.Contains(err.Error(), "budget_test.go:") {
		t.Errorf("err = %v", err)
	}
	// Refine recovers too, here from its observer.
	rep := &report.Report{Failure: &report.Failure{Kind: report.KindTestFailure, Location: report.Location{File: "/x.go", Line: 1}}}
	sus := []report.Suspect{{File: "/a.go", Line: 1, Score: 0.5}, {File: "/b.go", Line: 2, Score: 0.5}}
	got, _, err := Refine(context.Background(), rep, sus, func(context.Context, []string) ([]report.Snapshot, error) { panic("observer") })
	if err == nil || !strings.Contains(err.Error(), "root-cause analysis failed: observer") || len(got) != 2 {
		t.Errorf("Refine: %v, %v", got, err)
	}
}

// cycleCase loads a txtar case of testdata/cycles into a program (in
// memory, no go command) and places its failure: the line marked
// "// CRASH kind" is the innermost frame, lines marked "// FRAME" are the
// callers, in order.
func cycleCase(t *testing.T, file string) (*program, *report.Report, *genProgram) {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	dir := "/sleuth-cycles/" + strings.TrimSuffix(filepath.Base(file), ".txtar") + "/"
	gp := &genProgram{files: map[string]string{}}
	for _, f := range ar.Files {
		gp.files[dir+f.Name] = string(f.Data)
	}
	p, err := gp.check()
	if err != nil {
		t.Fatal(err)
	}
	rep := &report.Report{Failure: &report.Failure{Message: "failed"}}
	crash := regexp.MustCompile(`// CRASH ([a-z-]+)`)
	for _, name := range sortedKeys(gp.files) {
		for i, l := range strings.Split(gp.files[name], "\n") {
			fr := report.Frame{File: name, Line: i + 1, User: true}
			if fn, _ := p.funcAt(name, i+1); fn != nil {
				fr.Function = "example.com/m." + funcName(fn)
			}
			if m := crash.FindStringSubmatch(l); m != nil {
				rep.Failure.Kind = report.Kind(m[1])
				rep.Failure.Location = report.Location{File: name, Line: i + 1}
				rep.Frames = append([]report.Frame{fr}, rep.Frames...)
			} else if strings.Contains(l, "// FRAME") {
				rep.Frames = append(rep.Frames, fr)
			}
		}
	}
	if rep.Failure.Kind == "" {
		t.Fatalf("%s: no // CRASH line", file)
	}
	return p, rep, gp
}

// markers lists base:line of the lines of gp holding mark.
func (gp *genProgram) markers(mark string) []string {
	var out []string
	for _, name := range sortedKeys(gp.files) {
		for i, l := range strings.Split(gp.files[name], "\n") {
			if strings.Contains(l, mark) {
				out = append(out, fmt.Sprintf("%s:%d", filepath.Base(name), i+1))
			}
		}
	}
	return out
}
