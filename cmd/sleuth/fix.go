package main

import (
	"context"
	"fmt"

	"github.com/sleuth-dev/sleuth/analysis/fix"
	"github.com/sleuth-dev/sleuth/analysis/report"
)

// maxFixes bounds how many candidates are verified: each costs a build and
// a run of the package's tests.
const maxFixes = 3

// proposeFixes fills rep.Fixes with the rule-made candidates for rep's
// failure, each verified through an overlay (the user's files are never
// written): verified ones first, then the others with the reason they are
// not. A problem becomes a note in rep.Notes; cancellation stops quietly.
func proposeFixes(ctx context.Context, rep *report.Report, progress func(string)) {
	if rep.Failure == nil || rep.Failure.Kind == report.KindBuildError {
		return
	}
	cands, err := fix.Propose(ctx, rep)
	if err != nil {
		if ctx.Err() == nil {
			rep.Notes = append(rep.Notes, "no fix proposed: "+err.Error())
		}
		return
	}
	if len(cands) > maxFixes {
		cands = cands[:maxFixes]
	}
	v := fix.NewVerifier(rep)
	var verified, other []report.Fix
	for i, c := range cands {
		if ctx.Err() != nil {
			break
		}
		progress(fmt.Sprintf("verifying fix %d of %d", i+1, len(cands)))
		f := fix.ToReport(v.Verify(ctx, c))
		if f.Verified {
			verified = append(verified, f)
		} else {
			other = append(other, f)
		}
	}
	if rep.Fixes == nil {
		rep.Fixes = []report.Fix{}
	}
	rep.Fixes = append(rep.Fixes, verified...)
	rep.Fixes = append(rep.Fixes, other...)
}
