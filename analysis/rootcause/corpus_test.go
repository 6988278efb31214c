package rootcause

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/capture"
	"github.com/sleuth-dev/sleuth/analysis/report"
)

func TestMain(m *testing.M) {
	capture.MaybeWorker() // the capture engine re-executes this binary
	os.Exit(m.Run())
}

// TestCorpus captures every case of the evaluation corpus under Delve,
// ranks suspects, and checks the localization against the annotated root
// lines: it must beat the naive answer (the crash line) by far.
func TestCorpus(t *testing.T) {
	cases, _ := filepath.Glob("testdata/corpus/cases/*")
	if len(cases) < 20 {
		t.Fatalf("only %d corpus cases", len(cases))
	}
	cache := filepath.Join(os.TempDir(), "sleuth-test-cache")
	var n, top1, top3, naive int
	for _, dir := range cases {
		abs, _ := filepath.Abs(dir)
		roots := RootMarkers(abs)
		if only := os.Getenv("SLEUTH_CORPUS_CASE"); only != "" && filepath.Base(dir) != only {
			continue
		}
		if len(roots) == 0 {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		opts := capture.Options{Dir: abs, Packages: []string{"."}, CacheDir: cache, Timeout: 30 * time.Second}
		rep, err := capture.Run(ctx, opts)
		if err != nil || rep.Failure == nil {
			cancel()
			t.Errorf("%s: no failure captured (%v)", filepath.Base(dir), err)
			continue
		}
		sus, expl, err := Analyze(ctx, rep)
		if err == nil && NeedsRefine(rep, sus) {
			sus, expl, err = Refine(ctx, rep, sus, observer(opts, rep))
		}
		cancel()
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(dir), err)
			continue
		}
		if expl.Source != "evidence" || expl.Summary == "" {
			t.Errorf("%s: explanation %+v", filepath.Base(dir), expl)
		}
		n++
		r := Rank(sus, roots)
		if r == 1 {
			top1++
		}
		if r >= 1 && r <= 3 {
			top3++
		}
		if roots[fmt.Sprintf("%s:%d", rep.Failure.Location.File, rep.Failure.Location.Line)] {
			naive++
		}
		t.Logf("%-30s %-22s rank %d", filepath.Base(dir), rep.Failure.Kind, r)
		if testing.Verbose() && r != 1 {
			for i, s := range sus[:min(3, len(sus))] {
				t.Logf("    %d. %s:%d %.2f %s", i+1, filepath.Base(s.File), s.Line, s.Score, s.Reason)
			}
		}
	}
	t.Logf("%d cases: top-1 %d, top-3 %d, naive %d", n, top1, top3, naive)
	if n == 0 {
		t.Fatal("no case ran")
	}
	if n < 20 {
		return // a single case was asked for
	}
	// Floors below the measured figures (docs/performance.md), so that a
	// regression in any rule family fails here.
	if float64(top3)/float64(n) < 0.9 || float64(top1)/float64(n) < 0.85 {
		t.Errorf("localization fell: top-1 %d/%d, top-3 %d/%d", top1, n, top3, n)
	}
	if top1 <= naive {
		t.Errorf("no better than the crash line: top-1 %d, naive %d", top1, naive)
	}
}

// observer re-runs the failing test of rep with snapshot points, as the
// CLI does.
func observer(o capture.Options, rep *report.Report) Observer {
	return func(ctx context.Context, at []string) ([]report.Snapshot, error) {
		o.At, o.AtHits, o.AtOptional = at, 3, true
		o.Run = capture.TestPattern(rep.Failure.Test)
		again, err := capture.Run(ctx, o)
		if err != nil {
			return nil, err
		}
		return again.Snapshots, nil
	}
}
