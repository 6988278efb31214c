package experiment

import (
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/report"
	"github.com/sleuth-dev/sleuth/internal/testenv"
)

// fixture is a failing report for the test module's window package: the
// window excludes readings exactly one span old by `<` where `<=` is
// meant.
func fixture(t *testing.T) (*report.Report, string) {
	dir, err := filepath.Abs("testdata/mod/window")
	if err != nil {
		t.Fatal(err)
	}
	rep := report.Empty("test")
	rep.Target.Dir = dir
	rep.Failure = &report.Failure{Kind: report.KindTestFailure, Test: "TestSumsExcludesEdge"}
	return rep, filepath.Join(dir, "window.go")
}

// lineOf is the 1-based line of the first line of file holding text.
func lineOf(t *testing.T, file, text string) int {
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, text) {
			return i + 1
		}
	}
	t.Fatalf("%s: no line with %q", file, text)
	return 0
}

// snapshot is the content hash and mtime of every file under dir.
func snapshot(t *testing.T, dir string) map[string]string {
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := os.ReadFile(p)
		st, _ := d.Info()
		out[p] = string(sha256.New().Sum(b)) + st.ModTime().String()
		return nil
	})
	return out
}

// TestRun makes the experiments on a real module with a real build: the
// boundary edit at the root line fixes the failing test and keeps the
// others passing, it ranks that line first with the evidence, becomes a
// fix candidate, edits that do not type-check are dropped, and the
// module's files are untouched.
func TestRun(t *testing.T) {
	testenv.Slow(t, "builds and runs a test binary many times")
	rep, file := fixture(t)
	root := lineOf(t, file, "rs[j].At < from")
	crash := lineOf(t, file, "sum += rs[j].Value")
	before := snapshot(t, filepath.Dir(rep.Target.Dir))
	rep.Suspects = []report.Suspect{
		{File: file, Line: crash, Score: 0.9, Reason: "sum grows here"},
		{File: file, Line: root, Score: 0.4, Reason: "the loop stops here"},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	res, err := Run(ctx, rep, map[string]int{file + ":" + strconv.Itoa(crash): 0}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Reached[file+":"+strconv.Itoa(root)] {
		t.Errorf("the root line is not among the %d reached lines", len(res.Reached))
	}
	if res.Dropped == 0 {
		t.Error("no ill-typed edit was dropped (the constant of Wide should be)")
	}
	if res.Others != 2 {
		t.Errorf("others = %d, want 2", res.Others)
	}
	var boundary *Outcome
	for i, o := range res.Outcomes {
		if o.Variant.Site.Line == root && o.Variant.Family == "boundary" && strings.Contains(o.Variant.Desc, "`<=`") {
			boundary = &res.Outcomes[i]
		}
		if o.Fixes() && o.Variant.Site.File != file {
			t.Errorf("a fix outside the package: %+v", o.Variant)
		}
	}
	if boundary == nil || !boundary.Fixes() {
		t.Fatalf("the boundary edit at the root line: %+v", boundary)
	}
	sus := Rank(rep.Suspects, res)
	if sus[0].Line != root || !strings.Contains(sus[0].Evidence[0], "makes TestSumsExcludesEdge pass; the 2 other tests of the package still pass") {
		t.Errorf("top suspect %+v", sus[0])
	}
	cands := Fixes(res, sus)
	if len(cands) == 0 || cands[0].Edits[0].StartLine != root || !strings.Contains(cands[0].Edits[0].NewText, "rs[j].At <= from") {
		t.Errorf("fix candidates %+v", cands)
	}
	after := snapshot(t, filepath.Dir(rep.Target.Dir))
	if len(after) != len(before) {
		t.Errorf("files under the module: %d before, %d after", len(before), len(after))
	}
	for p, h := range before {
		if after[p] != h {
			t.Errorf("%s changed", p)
		}
	}
}

// TestNotApplicable: failures experiments cannot decide say so.
func TestNotApplicable(t *testing.T) {
	rep, _ := fixture(t)
	for _, k := range []report.Kind{report.KindBuildError, report.KindDeadlock, report.KindDataRace} {
		rep.Failure.Kind = k
		if _, err := Run(context.Background(), rep, nil, Options{}); err == nil || !strings.Contains(err.Error(), "not applicable") {
			t.Errorf("%s: err %v", k, err)
		}
	}
	rep.Failure.Kind, rep.Failure.Test = report.KindNilDeref, ""
	if _, err := Run(context.Background(), rep, nil, Options{}); err == nil {
		t.Error("no test: no error")
	}
}

// TestPair: an off-by-one clamp needs its condition and its value changed
// together; one run makes both changes, and the pair becomes the fix.
func TestPair(t *testing.T) {
	testenv.Slow(t, "builds and runs a test binary many times")
	dir, err := filepath.Abs("testdata/mod/clamp")
	if err != nil {
		t.Fatal(err)
	}
	rep := report.Empty("test")
	rep.Target.Dir = dir
	rep.Failure = &report.Failure{Kind: report.KindSliceBounds, Test: "TestShortLastPage"}
	res, err := Run(context.Background(), rep, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var single, pair bool
	for _, o := range res.Outcomes {
		if o.Variant.Site.Line == lineOf(t, filepath.Join(dir, "clamp.go"), "last = n") && o.Fixes() {
			single = true
		}
		if o.Variant.Family == "pair" && o.Fixes() {
			pair = true
		}
	}
	if single || !pair {
		t.Fatalf("a single change fixed it: %v; a pair did: %v", single, pair)
	}
	cands := Fixes(res, Rank(rep.Suspects, res))
	if len(cands) == 0 || cands[0].Shape != "pair" || !strings.Contains(cands[0].Edits[0].NewText, "last = n - 1") {
		t.Errorf("fix candidates %+v", cands)
	}
}
