package capture

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/report"
	"github.com/sleuth-dev/sleuth/internal/testenv"
)

// TestSnapshotAt records the loop's locals on each hit, up to the limit.
func TestSnapshotAt(t *testing.T) {
	testenv.NeedsDelve(t)
	at := ""
	for loc := range markers(t, "snapshot", "AT") {
		at = loc
	}
	rep := capture(t, Options{Packages: []string{"./snapshot"}, At: []string{at}, AtHits: 3})
	if len(rep.Snapshots) != 3 {
		t.Fatalf("got %d snapshots, want 3", len(rep.Snapshots))
	}
	for i, s := range rep.Snapshots {
		if s.Hit != i+1 {
			t.Errorf("snapshot %d: hit %d", i, s.Hit)
		}
		if v := find(s.Locals, "i"); v != strings.TrimSpace(fmtInt(i)) {
			t.Errorf("snapshot %d: i = %q, want %d", i, v, i)
		}
	}
	if rep.Failure == nil || rep.Failure.Kind != report.KindTestFailure {
		t.Errorf("the test's failure after the snapshots was not captured: %+v", rep.Failure)
	}
}

func find(vars []report.Var, name string) string {
	for _, v := range vars {
		if v.Name == name {
			return v.Value
		}
	}
	return ""
}

// TestTableCase reports the failing sub-test's table entry and locals.
func TestTableCase(t *testing.T) {
	testenv.NeedsDelve(t)
	rep := capture(t, Options{Packages: []string{"./testfail"}, Run: "TestTable"})
	f := rep.Failure
	if f == nil {
		t.Fatal("no failure")
	}
	var caseText []string
	for _, v := range f.Case {
		caseText = append(caseText, v.Value)
	}
	if !strings.Contains(strings.Join(caseText, " "), "negative discount") {
		t.Errorf("case = %v, want the negative discount entry", f.Case)
	}
	u := rep.UserFrame()
	if u == nil || find(u.Locals, "got") != "110" || find(u.Locals, "want") != "100" {
		t.Errorf("locals of the failing frame: %+v", u)
	}
	for _, a := range u.Args {
		if strings.Contains(a.Type, "testing.T") && strings.Contains(a.Value, "{") {
			t.Errorf("*testing.T was expanded: %s", a.Value)
		}
	}
}

// TestManyGoroutinesGrouped groups 1000 identical goroutines into one.
func TestManyGoroutinesGrouped(t *testing.T) {
	testenv.NeedsDelve(t)
	rep := capture(t, Options{Packages: []string{"./many"}})
	if rep.Failure == nil || rep.Failure.Kind != report.KindNilDeref {
		t.Fatalf("want nil-deref, got %+v", rep.Failure)
	}
	max := 0
	for _, g := range rep.Goroutines {
		if g.Count > max {
			max = g.Count
		}
	}
	if max < 1000 {
		t.Errorf("largest group has %d goroutines, want >= 1000", max)
	}
}

// TestBigOutputBounded keeps the report small when the target prints 20 MB.
func TestBigOutputBounded(t *testing.T) {
	testenv.NeedsDelve(t)
	rep := capture(t, Options{Packages: []string{"./bigoutput"}})
	if rep.Failure == nil || rep.Failure.Kind != report.KindTestFailure {
		t.Fatalf("want test-failure, got %+v", rep.Failure)
	}
	if len(rep.Target.Output) > 100<<10 || !rep.Target.OutputTruncated {
		t.Errorf("output is %d bytes, truncated=%v", len(rep.Target.Output), rep.Target.OutputTruncated)
	}
}

// TestPassingAndNoMatch: a passing package passes; a -run that matches
// nothing is an error, not a pass.
func TestPassingAndNoMatch(t *testing.T) {
	testenv.NeedsDelve(t)
	rep := capture(t, Options{Packages: []string{"./pass"}})
	if rep.Failure != nil || !rep.Passed {
		t.Errorf("pass package: failure %+v", rep.Failure)
	}
	_, err := Run(context.Background(), Options{Dir: fixtures(t), CacheDir: cacheDir(), Packages: []string{"./pass"}, Run: "TestNothingLikeThis"})
	if err == nil || !strings.Contains(err.Error(), "no test matches") {
		t.Errorf("no-match run: err = %v", err)
	}
}

// TestBadInput: no such directory, not a module.
func TestBadInput(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := Run(ctx, Options{Dir: fixtures(t), Packages: []string{"./nosuchpkg"}}); err == nil {
		t.Error("missing package: no error")
	}
	if _, err := Run(ctx, Options{Dir: t.TempDir(), Packages: []string{"."}}); err == nil || !strings.Contains(err.Error(), "module") {
		t.Errorf("outside a module: err = %v", err)
	}
}
