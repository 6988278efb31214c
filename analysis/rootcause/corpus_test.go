package rootcause

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/capture"
	"github.com/sleuth-dev/sleuth/analysis/gotest"
	"github.com/sleuth-dev/sleuth/analysis/report"
	"github.com/sleuth-dev/sleuth/internal/testenv"
)

func TestMain(m *testing.M) {
	capture.MaybeWorker() // the capture engine re-executes this binary
	os.Exit(m.Run())
}

// ranksFile holds the rank every corpus case has today: "case rank" per
// line, 0 for a root not among the suspects. A case fails when its rank
// gets worse than written there; when it gets better, the test says to
// lower the number, so that the file only ever tightens.
const ranksFile = "testdata/corpus/ranks.txt"

// caseResult is what one corpus case contributes to the aggregate.
type caseResult struct {
	rank  int  // of the first suspect on a root line, 0 = none
	naive bool // the crash line itself is a root line
}

// TestCorpus captures every case of the evaluation corpus under Delve,
// ranks suspects, and holds each case to its rank in ranks.txt: one
// subtest per case (go test -run 'TestCorpus/^name$'), run in parallel up
// to -parallel (GOMAXPROCS by default, the machine's cores). When the
// subtests have ended it logs the aggregate and checks that the
// localization beats the naive answer (the crash line) by far.
//
// SLEUTH_CORPUS_CASE=name still selects one case, as -run does.
func TestCorpus(t *testing.T) {
	testenv.NeedsDelve(t)
	cases, _ := filepath.Glob("testdata/corpus/cases/*")
	if len(cases) < 20 {
		t.Fatalf("only %d corpus cases", len(cases))
	}
	want := readRanks(t)
	for _, dir := range cases {
		if _, ok := want[filepath.Base(dir)]; !ok {
			t.Errorf("%s has no expected rank in %s: run it and add one", filepath.Base(dir), ranksFile)
		}
	}
	for name := range want {
		if _, err := os.Stat(filepath.Join("testdata/corpus/cases", name)); err != nil {
			t.Errorf("%s names %s, which is not a case", ranksFile, name)
		}
	}
	// The cases share one cache without sharing a file in it: capture
	// builds each into bin/<hash of its directory, mode, race, tags>/ and
	// writes its output to out/<pid>-<binary>.log, and a case's re-run
	// (Refine) follows its capture rather than running beside it.
	cache := filepath.Join(os.TempDir(), "sleuth-test-cache")

	var mu sync.Mutex // guards results
	results := map[string]caseResult{}
	// Parallel subtests run after this function returns; the parent's
	// cleanup runs after all of them.
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		aggregate(t, results, len(cases))
	})
	only := os.Getenv("SLEUTH_CORPUS_CASE")
	for _, dir := range cases {
		name := filepath.Base(dir)
		if only != "" && name != only {
			continue
		}
		expected, ok := want[name]
		if !ok {
			continue // reported above
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			res := runCase(t, dir, cache, expected) // or t.Fatal
			mu.Lock()
			results[name] = res
			mu.Unlock()
		})
	}
}

// runCase captures, analyses and ranks one case and checks its rank
// against expected.
func runCase(t *testing.T, dir, cache string, expected int) caseResult {
	abs, _ := filepath.Abs(dir)
	roots := RootMarkers(abs)
	if len(roots) == 0 {
		t.Skip("no // ROOT marker")
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	opts := capture.Options{Dir: abs, Packages: []string{"."}, CacheDir: cache, Timeout: 30 * time.Second}
	rep, err := capture.Run(ctx, opts)
	if err != nil || rep.Failure == nil {
		t.Fatalf("no failure captured (%v)", err)
	}
	sus, expl, err := Analyze(ctx, rep)
	if err == nil && NeedsRefine(rep, sus) {
		sus, expl, err = Refine(ctx, rep, sus, observer(opts, rep))
	}
	if err != nil {
		t.Fatal(err)
	}
	if expl.Source != "evidence" || expl.Summary == "" {
		t.Errorf("explanation %+v", expl)
	}
	var res caseResult
	res.rank = Rank(sus, roots)
	res.naive = roots[fmt.Sprintf("%s:%d", rep.Failure.Location.File, rep.Failure.Location.Line)]
	t.Logf("%-22s rank %d (expected %d) in %v", rep.Failure.Kind, res.rank, expected, time.Since(start).Round(100*time.Millisecond))
	switch {
	case worse(res.rank, expected):
		t.Errorf("rank %d, expected %d or better (%s); roots %s; suspects:\n%s",
			res.rank, expected, ranksFile, rootList(roots), suspectList(sus))
	case res.rank != expected:
		t.Logf("better than expected: set %s to %d in %s", filepath.Base(dir), res.rank, ranksFile)
	case res.rank != 1 && testing.Verbose():
		t.Logf("suspects:\n%s", suspectList(sus))
	}
	return res
}

// worse reports whether rank got is worse than rank want; 0 (the root is
// not among the suspects) is the worst.
func worse(got, want int) bool {
	if want == 0 {
		return false
	}
	return got == 0 || got > want
}

// aggregate logs the corpus figures and, when every case ran, checks that
// the analysis beats the crash line.
func aggregate(t *testing.T, results map[string]caseResult, total int) {
	var n, top1, top3, naive int
	for _, r := range results {
		n++
		if r.rank == 1 {
			top1++
		}
		if r.rank >= 1 && r.rank <= 3 {
			top3++
		}
		if r.naive {
			naive++
		}
	}
	t.Logf("%d cases: top-1 %d, top-3 %d, naive %d", n, top1, top3, naive)
	if n < total {
		// Some cases were left out (-run, SLEUTH_CORPUS_CASE), skipped or
		// captured nothing: the check says nothing about a part of the corpus.
		t.Logf("not checked against the crash line: %d of %d cases ranked", n, total)
		return
	}
	// Each case is held to its rank in ranks.txt, so the figures cannot
	// fall without a case failing; the corpus now holds cases the static
	// analysis was not written for (CASES.md), and a fixed floor on the
	// whole would only say so again.
	if top1 <= naive {
		t.Errorf("no better than the crash line: top-1 %d, naive %d", top1, naive)
	}
}

// readRanks reads ranksFile: "case rank" per line, # comments.
func readRanks(t *testing.T) map[string]int {
	t.Helper()
	f, err := os.Open(ranksFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]int{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" {
			continue
		}
		fields := strings.Fields(line)
		rank, err := -1, error(nil)
		if len(fields) == 2 {
			rank, err = strconv.Atoi(fields[1])
		}
		if len(fields) != 2 || err != nil || rank < 0 {
			t.Fatalf("%s:%d: want \"case rank\", got %q", ranksFile, n, line)
		}
		if _, dup := out[fields[0]]; dup {
			t.Fatalf("%s:%d: %s listed twice", ranksFile, n, fields[0])
		}
		out[fields[0]] = rank
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// suspectList is the top suspects, one per line, for a failure message.
func suspectList(sus []report.Suspect) string {
	if len(sus) == 0 {
		return "    (none)"
	}
	var b strings.Builder
	for i, s := range sus[:min(5, len(sus))] {
		fmt.Fprintf(&b, "    %d. %s:%d %.2f %s\n", i+1, filepath.Base(s.File), s.Line, s.Score, s.Reason)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// rootList is the root lines as base:line, sorted.
func rootList(roots map[string]bool) string {
	var out []string
	for r := range roots {
		out = append(out, filepath.Base(r))
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// observer re-runs the failing test of rep with snapshot points, as the
// CLI does.
func observer(o capture.Options, rep *report.Report) Observer {
	return func(ctx context.Context, at []string) ([]report.Snapshot, error) {
		o.At, o.AtHits, o.AtOptional = at, 3, true
		o.Run = gotest.RunPattern(rep.Failure.Test)
		again, err := capture.Run(ctx, o)
		if err != nil {
			return nil, err
		}
		return again.Snapshots, nil
	}
}
