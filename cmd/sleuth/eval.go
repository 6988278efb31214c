package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/capture"
	"github.com/sleuth-dev/sleuth/analysis/rootcause"
)

// cmdEval runs sleuth on every case of an evaluation corpus and prints how
// often the annotated root-cause line is the first suspect (top-1) or among
// the first three (top-3), next to the naive answer: the crash line.
// A case is a package under DIR/cases with lines marked "// ROOT"; the
// markers are read only here, for scoring.
func cmdEval(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sleuth eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	verbose := fs.Bool("v", false, "print the suspects of every case")
	only := fs.String("case", "", "run only the cases whose name contains `text`")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: sleuth eval [-v] CORPUS_DIR")
		return exitUsage
	}
	cases, _ := filepath.Glob(filepath.Join(fs.Arg(0), "cases", "*"))
	sort.Strings(cases)
	var n, top1, top3, naive int
	var spent time.Duration
	refined := 0 // cases whose hypotheses were tested by a re-run
	for _, dir := range cases {
		if *only != "" && !strings.Contains(filepath.Base(dir), *only) {
			continue
		}
		roots := rootcause.RootMarkers(dir)
		if len(roots) == 0 {
			continue
		}
		abs, _ := filepath.Abs(dir)
		opts := capture.Options{Dir: abs, Packages: []string{"."}, Timeout: 30 * time.Second}
		rep, err := capture.Run(ctx, opts)
		if err != nil {
			fmt.Fprintf(stdout, "%-32s error: %v\n", filepath.Base(dir), err)
			n++
			continue
		}
		t0 := time.Now()
		analyze(ctx, rep, nil)
		spent += time.Since(t0)
		if rootcause.NeedsRefine(rep, rep.Suspects) {
			refined++
			refine(ctx, opts, rep, func(string) {})
		}
		n++
		rank := rootcause.Rank(rep.Suspects, roots)
		kind := "passed"
		naiveHit := false
		if rep.Failure != nil {
			kind = string(rep.Failure.Kind)
			naiveHit = roots[fmt.Sprintf("%s:%d", rep.Failure.Location.File, rep.Failure.Location.Line)]
		}
		if rank == 1 {
			top1++
		}
		if rank >= 1 && rank <= 3 {
			top3++
		}
		if naiveHit {
			naive++
		}
		fmt.Fprintf(stdout, "%-32s %-22s rank %-3s naive %v\n", filepath.Base(dir), kind, rankText(rank), naiveHit)
		if *verbose {
			for i, s := range rep.Suspects[:min(len(rep.Suspects), 3)] {
				fmt.Fprintf(stdout, "    %d. %s:%d %.2f %s\n", i+1, filepath.Base(s.File), s.Line, s.Score, s.Reason)
			}
		}
	}
	if n == 0 {
		fmt.Fprintln(stderr, "sleuth eval: no cases with // ROOT markers under "+filepath.Join(fs.Arg(0), "cases"))
		return exitUsage
	}
	pct := func(k int) float64 { return 100 * float64(k) / float64(n) }
	fmt.Fprintf(stdout, "\n%d cases: top-1 %.0f%% (%d), top-3 %.0f%% (%d); naive crash line %.0f%% (%d); analysis %.0f ms per case; %d re-run to test hypotheses\n",
		n, pct(top1), top1, pct(top3), top3, pct(naive), naive, float64(spent.Milliseconds())/float64(n), refined)
	return exitOK
}

func rankText(r int) string {
	if r == 0 {
		return "-"
	}
	return fmt.Sprint(r)
}
