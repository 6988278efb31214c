package fix

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/capture"
	"github.com/sleuth-dev/sleuth/analysis/report"
	"github.com/sleuth-dev/sleuth/analysis/rootcause"
	"github.com/sleuth-dev/sleuth/internal/testenv"
)

func TestMain(m *testing.M) {
	capture.MaybeWorker()
	os.Exit(m.Run())
}

// fixtures is the module of failing packages, one per fix shape. Tests
// never write to it: keepTree checks that.
func fixtures(t testing.TB) string {
	dir, err := filepath.Abs("testdata/fixtures")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// keepTree fails the test if any file under dir changes (content or
// modification time) or appears during the test.
func keepTree(t *testing.T, dir string) {
	t.Helper()
	type state struct {
		mod  time.Time
		data []byte
	}
	snap := func() map[string]state {
		out := map[string]state{}
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			b, _ := os.ReadFile(p)
			out[p] = state{info.ModTime(), b}
			return nil
		})
		return out
	}
	before := snap()
	t.Cleanup(func() {
		after := snap()
		for p, s := range after {
			b, ok := before[p]
			switch {
			case !ok:
				t.Errorf("%s appeared in the user's tree", p)
			case !b.mod.Equal(s.mod) || !bytes.Equal(b.data, s.data):
				t.Errorf("%s changed", p)
			}
		}
		for p := range before {
			if _, ok := after[p]; !ok {
				t.Errorf("%s disappeared from the user's tree", p)
			}
		}
	})
}

// cacheDir holds the capture builds of this test binary, kept between runs.
func cacheDir() string { return filepath.Join(os.TempDir(), "sleuth-test-cache") }

// TestProposeAndVerify captures each fixture's failure under Delve, ranks
// suspects, and checks that the first candidate has the expected shape and
// is verified.
func TestProposeAndVerify(t *testing.T) {
	testenv.NeedsDelve(t)
	keepTree(t, fixtures(t))
	for _, tc := range []struct {
		pkg   string
		race  bool
		shape string
		kind  report.Kind
	}{
		{"nilmap", false, "init-nil-map", report.KindNilMapWrite},
		{"discarded", false, "check-error", report.KindNilDeref},
		{"offbyone", false, "bound", report.KindIndexOutOfRange},
		{"truncation", false, "round-div", report.KindTestFailure},
		{"wgdone", false, "defer-done", report.KindDeadlock},
		{"mapwrite", true, "lock-map", report.KindDataRace},
	} {
		t.Run(tc.pkg, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			rep, err := capture.Run(ctx, capture.Options{Dir: fixtures(t), Packages: []string{"./" + tc.pkg}, Race: tc.race, CacheDir: cacheDir()})
			if err != nil {
				t.Fatal(err)
			}
			sameBug := tc.kind == report.KindDataRace && rep.Failure != nil && rep.Failure.Kind == report.KindConcurrentMapWrite
			if rep.Failure == nil || rep.Failure.Kind != tc.kind && !sameBug { // the runtime's map check may beat the race detector
				t.Fatalf("captured %+v, want a %s", rep.Failure, tc.kind)
			}
			rep.Suspects, rep.Explanation, err = rootcause.Analyze(ctx, rep)
			if err != nil {
				t.Fatal(err)
			}
			cands, err := Propose(ctx, rep)
			if err != nil {
				t.Fatal(err)
			}
			if len(cands) == 0 {
				t.Fatalf("no candidate; suspects: %+v", rep.Suspects)
			}
			c := cands[0]
			if c.Shape != tc.shape || c.Source != SourceRule {
				t.Errorf("first candidate is %q (%s, %s), want shape %s", c.Title, c.Shape, c.Source, tc.shape)
			}
			v := NewVerifier(rep)
			v.Timeout = 30 * time.Second
			o := v.Verify(ctx, c)
			if !o.Verified {
				t.Fatalf("%q not verified: %s\n%s", c.Title, o.Detail, o.Diff)
			}
			if !strings.HasPrefix(o.Diff, "--- a/"+tc.pkg+"/") {
				t.Errorf("diff does not name the file relative to the module:\n%s", o.Diff)
			}
			f := ToReport(o)
			if !f.Verified || f.Shape != tc.shape || len(f.Edits) != len(c.Edits) || f.Diff != o.Diff {
				t.Errorf("ToReport = %+v", f)
			}
			t.Logf("%s: %s\n%s", c.Title, o.Detail, o.Diff)
		})
	}
}

// verifier returns a Verifier for a fixture's failing test.
func verifier(t *testing.T, pkg, test string) *Verifier {
	return &Verifier{Dir: filepath.Join(fixtures(t), pkg), Package: ".", Test: test, Timeout: 30 * time.Second}
}

// lineOf returns the 1-based line of file holding marker.
func lineOf(t *testing.T, file, marker string) int {
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, marker) {
			return i + 1
		}
	}
	t.Fatalf("no %q in %s", marker, file)
	return 0
}

// TestVerifyRejects checks the candidates that must not be verified: one
// that leaves the failure, one that fixes the failing test but breaks
// another, one that does not compile, one whose edits do not apply.
func TestVerifyRejects(t *testing.T) {
	testenv.Slow(t, "verifies fixes by building and running go test")
	keepTree(t, fixtures(t))
	offbyone := filepath.Join(fixtures(t), "offbyone", "window.go")
	tax := filepath.Join(fixtures(t), "truncation", "invoice.go")
	taxLine := lineOf(t, tax, "// ROOT")
	for _, tc := range []struct {
		name, pkg, test string
		c               Candidate
		want            string
	}{
		{"wrong", "offbyone", "TestChecksum", Candidate{Title: "wrong", Source: SourceModel, Edits: []Edit{
			{File: offbyone, StartLine: lineOf(t, offbyone, "sum := 0"), EndLine: lineOf(t, offbyone, "sum := 0"), NewText: "\tsum := 1"},
		}}, "TestChecksum still fails: panic: runtime error: index out of range"},
		{"regression", "truncation", "TestTotalRoundsTax", Candidate{Title: "breaks TestTaxExact", Source: SourceModel, Edits: []Edit{
			{File: tax, StartLine: taxLine, EndLine: taxLine, NewText: "\treturn cents*perMille/1000 + 1"},
		}}, "TestTotalRoundsTax passes, but TestTaxExact passed before and fails with the fix"},
		{"build", "truncation", "TestTotalRoundsTax", Candidate{Title: "does not compile", Source: SourceModel, Edits: []Edit{
			{File: tax, StartLine: taxLine, EndLine: taxLine, NewText: "\treturn cents * perMille / \"1000\""},
		}}, "does not build: "},
		{"outside", "truncation", "TestTotalRoundsTax", Candidate{Title: "outside", Source: SourceModel, Edits: []Edit{
			{File: "/etc/hostname.go", StartLine: 1, EndLine: 1, NewText: "package x"},
		}}, "not applied: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o := verifier(t, tc.pkg, tc.test).Verify(context.Background(), tc.c)
			if o.Verified || !strings.Contains(o.Detail, tc.want) {
				t.Errorf("Verify = %v, %q; want not verified, %q", o.Verified, o.Detail, tc.want)
			}
		})
	}
}

// TestVerifyCancel checks that cancelling a verification of a hanging test
// returns at once and leaves no test binary behind.
func TestVerifyCancel(t *testing.T) {
	testenv.Slow(t, "verifies fixes by building and running go test")
	keepTree(t, fixtures(t))
	file := filepath.Join(fixtures(t), "wgdone", "fetch.go")
	l := lineOf(t, file, "// ROOT")
	// A comment changes nothing: the test still hangs.
	c := Candidate{Title: "no-op", Edits: []Edit{{File: file, StartLine: l, EndLine: l - 1, NewText: "\t\t\t\t// still hangs"}}}
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Second)
	defer cancel()
	start := time.Now()
	o := verifier(t, "wgdone", "TestFetchAllSkipsEmpty").Verify(ctx, c)
	if o.Verified || !strings.Contains(o.Detail, "cancelled") {
		t.Errorf("Verify = %v, %q; want cancelled", o.Verified, o.Detail)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("Verify took %s after cancellation", d)
	}
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		b, _ := os.ReadFile(p)
		if bytes.Contains(b, []byte("wgdone.test")) {
			t.Errorf("a test binary outlived the verification: %s", bytes.ReplaceAll(b, []byte{0}, []byte(" ")))
		}
	}
}

// TestBaselineOnce checks that the baseline is computed once and reused.
func TestBaselineOnce(t *testing.T) {
	testenv.Slow(t, "verifies fixes by building and running go test")
	keepTree(t, fixtures(t))
	v := verifier(t, "offbyone", "TestChecksum")
	file := filepath.Join(fixtures(t), "offbyone", "window.go")
	l := lineOf(t, file, "// ROOT")
	good := Candidate{Title: "good", Edits: []Edit{{File: file, StartLine: l, EndLine: l, NewText: "\tfor i := 0; i < len(b); i++ {"}}}
	if o := v.Verify(context.Background(), good); !o.Verified {
		t.Fatalf("not verified: %s", o.Detail)
	}
	if len(v.Baseline) != 1 || !v.Baseline["TestValidEmpty"] {
		t.Fatalf("Baseline = %v, want TestValidEmpty only (the failing test is skipped)", v.Baseline)
	}
	v.Baseline["TestMissing"] = true // a test that cannot pass: proves the cached baseline is used
	if o := v.Verify(context.Background(), good); o.Verified || !strings.Contains(o.Detail, "TestMissing") {
		t.Errorf("second Verify = %v, %q; want the cached baseline used", o.Verified, o.Detail)
	}
}
