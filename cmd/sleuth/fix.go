package main

import (
	"context"

	"github.com/sleuth-dev/sleuth/analysis/investigate"
	"github.com/sleuth-dev/sleuth/analysis/report"
)

// proposeFixes fills rep.Fixes with the rule-made candidates, each verified
// by re-running the tests on it in an overlay (investigate.Fixes).
func proposeFixes(ctx context.Context, rep *report.Report, progress func(string)) {
	fixes, notes := investigate.Fixes(ctx, rep, func(ph investigate.Phase) { progress(string(ph)) }, investigate.History(ctx, rep, ""))
	rep.Fixes = append(rep.Fixes, fixes...)
	rep.Notes = append(rep.Notes, notes...)
}
