package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/sleuth-dev/sleuth/analysis/capture"
	"github.com/sleuth-dev/sleuth/analysis/investigate"
	"github.com/sleuth-dev/sleuth/analysis/report"
	"github.com/sleuth-dev/sleuth/analysis/rootcause"
)

// preload starts loading the package under investigation while it is built
// and run, when the single package argument is a directory.
func preload(ctx context.Context, pkgs []string) *rootcause.Preloaded {
	if len(pkgs) > 1 || os.Getenv("SLEUTH_NOPRELOAD") != "" {
		return nil
	}
	dir := "."
	if len(pkgs) == 1 {
		dir = pkgs[0]
	}
	if strings.Contains(dir, "...") {
		return nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil
	}
	if st, err := os.Stat(abs); err != nil || !st.IsDir() {
		return nil
	}
	return rootcause.Preload(ctx, []string{abs})
}

// analyze adds root-cause suspects and the evidence explanation to rep;
// an analysis problem becomes a note, never a failure of the command.
func analyze(ctx context.Context, rep *report.Report, pre *rootcause.Preloaded) {
	sus, expl, err := rootcause.AnalyzeWith(ctx, rep, pre)
	if err != nil {
		rep.Notes = append(rep.Notes, "root-cause analysis: "+err.Error())
		return
	}
	rep.Suspects, rep.Explanation = sus, expl
}

// refine re-runs the failing test with breakpoints at the leading suspects
// when that can decide between them.
func refine(ctx context.Context, o capture.Options, rep *report.Report, progress func(string)) {
	investigate.Hypotheses(ctx, o, rep, func(ph investigate.Phase) { progress(string(ph)) })
}
