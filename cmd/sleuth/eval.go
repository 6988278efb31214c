package main

import (
	"context"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/investigate"
	"github.com/sleuth-dev/sleuth/analysis/report"
	"github.com/sleuth-dev/sleuth/analysis/rootcause"
)

// cmdEval runs sleuth's pipeline (no model, no memory) on every case of an
// evaluation corpus and prints how often the annotated root-cause line is
// the first suspect (top-1) or among the first three (top-3), next to the
// naive answer (the crash line); how often it is among the candidates the
// experiments tried (candidate recall); how often a verified fix was found,
// and one that changes a root line; and the time the experiments took.
// A case is a package under DIR/cases with lines marked "// ROOT"; the
// markers are read only here, for scoring. --half picks the development or
// the held-out half (a case's half is the parity of the FNV-1a hash of its
// name, fixed before any tuning).
func cmdEval(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sleuth eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	verbose := fs.Bool("v", false, "print the suspects of every case")
	only := fs.String("case", "", "run only the cases whose name contains `text`")
	half := fs.String("half", "all", "`dev`, held-out or all: which half of the corpus")
	noExp := fs.Bool("no-experiments", false, "rank without experiments (the static analysis alone)")
	noFix := fs.Bool("no-fix", false, "do not verify fixes")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 || !slices.Contains([]string{"dev", "held-out", "all"}, *half) {
		fmt.Fprintln(stderr, "usage: sleuth eval [-v] [--half dev|held-out|all] [--case text] [--no-experiments] [--no-fix] CORPUS_DIR")
		return exitUsage
	}
	cases, _ := filepath.Glob(filepath.Join(fs.Arg(0), "cases", "*"))
	sort.Strings(cases)
	var t tally
	for _, dir := range cases {
		name := filepath.Base(dir)
		if *only != "" && !strings.Contains(name, *only) || *half != "all" && caseHalf(name) != *half {
			continue
		}
		roots := rootcause.RootMarkers(dir)
		if len(roots) == 0 {
			continue
		}
		abs, _ := filepath.Abs(dir)
		req := investigate.Request{Dir: abs, Timeout: 30 * time.Second, NoFixes: *noFix, NoExperiments: *noExp,
			Model: investigate.ModelRequest{Off: true}, Memory: investigate.MemoryRequest{Off: true}}
		t0 := time.Now()
		rep, err := investigate.Run(ctx, req, investigate.Hooks{})
		if err != nil {
			fmt.Fprintf(stdout, "%-32s error: %v\n", name, err)
			t.n++
			continue
		}
		line := t.add(rep, roots, time.Since(t0))
		fmt.Fprintf(stdout, "%-32s %s\n", name, line)
		if *verbose {
			for i, s := range rep.Suspects[:min(len(rep.Suspects), 3)] {
				fmt.Fprintf(stdout, "    %d. %s:%d %.2f %s\n", i+1, filepath.Base(s.File), s.Line, s.Score, s.Reason)
			}
		}
	}
	if t.n == 0 {
		fmt.Fprintln(stderr, "sleuth eval: no cases with // ROOT markers under "+filepath.Join(fs.Arg(0), "cases"))
		return exitUsage
	}
	fmt.Fprintln(stdout)
	fmt.Fprintln(stdout, t.summary(*half))
	return exitOK
}

// caseHalf is the half of the corpus a case belongs to.
func caseHalf(name string) string {
	h := fnv.New32a()
	h.Write([]byte(name))
	if h.Sum32()%2 == 0 {
		return "dev"
	}
	return "held-out"
}

// tally adds up an evaluation.
type tally struct {
	n, top1, top3, naive        int
	withExp, recalled           int
	verified, verifiedAtRoot    int
	expTimes, totalTimes, tried []float64
}

// add scores one case and returns its line.
func (t *tally) add(rep *report.Report, roots map[string]bool, took time.Duration) string {
	t.n++
	rank := rootcause.Rank(rep.Suspects, roots)
	kind, naive := "passed", false
	if f := rep.Failure; f != nil {
		kind = string(f.Kind)
		naive = roots[fmt.Sprintf("%s:%d", f.Location.File, f.Location.Line)]
	}
	if rank == 1 {
		t.top1++
	}
	if rank >= 1 && rank <= 3 {
		t.top3++
	}
	if naive {
		t.naive++
	}
	recall := "-"
	if e := rep.Experiments; e != nil {
		t.withExp++
		recall = "no"
		for _, l := range e.Reached {
			if roots[l] {
				recall = "yes"
				t.recalled++
				break
			}
		}
		t.expTimes = append(t.expTimes, float64(e.BuildMS+e.RunsMS)/1000)
		t.tried = append(t.tried, float64(e.Tried))
	}
	t.totalTimes = append(t.totalTimes, took.Seconds())
	fixed, atRoot := false, false
	for _, f := range rep.Fixes {
		if !f.Verified {
			continue
		}
		fixed = true
		for _, e := range f.Edits {
			for l := e.StartLine; l <= max(e.EndLine, e.StartLine); l++ {
				if roots[fmt.Sprintf("%s:%d", e.File, l)] {
					atRoot = true
				}
			}
		}
	}
	if fixed {
		t.verified++
	}
	if atRoot {
		t.verifiedAtRoot++
	}
	return fmt.Sprintf("%-22s rank %-3s naive %-5v candidate %-3s verified fix %-5v at root %-5v %.1fs", kind, rankText(rank), naive, recall, fixed, atRoot, took.Seconds())
}

func (t *tally) summary(half string) string {
	pct := func(k, n int) string {
		if n == 0 {
			return "-"
		}
		return fmt.Sprintf("%.0f%% (%d/%d)", 100*float64(k)/float64(n), k, n)
	}
	return fmt.Sprintf("%s: %d cases: top-1 %s, top-3 %s; naive crash line %s; candidate recall %s; verified fix %s, at a root line %s; experiments median %.1fs (%.0f changes tried), whole run median %.1fs",
		half, t.n, pct(t.top1, t.n), pct(t.top3, t.n), pct(t.naive, t.n), pct(t.recalled, t.withExp),
		pct(t.verified, t.n), pct(t.verifiedAtRoot, t.n), median(t.expTimes), median(t.tried), median(t.totalTimes))
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64{}, xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func rankText(r int) string {
	if r == 0 {
		return "-"
	}
	return fmt.Sprint(r)
}
