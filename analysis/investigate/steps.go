package investigate

import (
	"context"
	"fmt"

	"github.com/sleuth-dev/sleuth/analysis/capture"
	"github.com/sleuth-dev/sleuth/analysis/fix"
	"github.com/sleuth-dev/sleuth/analysis/model"
	"github.com/sleuth-dev/sleuth/analysis/report"
	"github.com/sleuth-dev/sleuth/analysis/rootcause"
	"github.com/sleuth-dev/sleuth/memory"
)

// The steps after the analysis, shared by both front ends.

// maxFixes bounds how many candidates are verified: each costs a build and
// a run of the package's tests.
const maxFixes = 4

// Hypotheses re-runs the failure described by o with breakpoints at the
// leading suspects when that can decide between them (rootcause.Refine),
// and updates rep's suspects and explanation. A failed re-run is a note.
func Hypotheses(ctx context.Context, o capture.Options, rep *report.Report, progress func(Phase)) {
	if !rootcause.NeedsRefine(rep, rep.Suspects) {
		return
	}
	if progress != nil {
		progress(PhaseHypotheses)
	}
	observe := func(ctx context.Context, at []string) ([]report.Snapshot, error) {
		o.At, o.AtHits, o.AtOptional, o.Progress = at, 3, true, nil
		if rep.Failure.Test != "" {
			o.Run = RunPattern(rep.Failure.Test)
		}
		again, err := capture.Run(ctx, o)
		if err != nil {
			return nil, err
		}
		return again.Snapshots, nil
	}
	sus, expl, err := rootcause.Refine(ctx, rep, rep.Suspects, observe)
	if err != nil {
		if ctx.Err() == nil {
			rep.Notes = append(rep.Notes, err.Error())
		}
		return
	}
	rep.Suspects, rep.Explanation = sus, expl
}

// Fixes proposes the rule-made fixes for rep's failure and verifies each
// through an overlay (the user's files are never written): verified ones
// first, then the others with the reason they are not. rep is not
// changed; notes says what went wrong, if anything.
//
// hist, when not nil, is what memory knows of earlier fixes for this
// failure: shapes that worked are tried first, and a change that failed
// before is never proposed again.
func Fixes(ctx context.Context, rep *report.Report, progress func(Phase), hist *FixHistory) (fixes []report.Fix, notes []string) {
	return verifyFixes(ctx, rep, progress, hist, nil)
}

// verifyFixes verifies the experiments' candidates (edits that already
// made the failing test pass, now built normally) and the rules', in that
// order, at most maxFixes of them.
func verifyFixes(ctx context.Context, rep *report.Report, progress func(Phase), hist *FixHistory, tried []fix.Candidate) (fixes []report.Fix, notes []string) {
	fixes = []report.Fix{}
	if rep.Failure == nil || rep.Failure.Kind == report.KindBuildError {
		return fixes, nil
	}
	rules, err := fix.Propose(ctx, rep)
	if err != nil && len(tried) == 0 {
		if ctx.Err() == nil {
			notes = append(notes, "no fix proposed: "+err.Error())
		}
		return fixes, notes
	}
	cands := append(append([]fix.Candidate{}, tried...), rules...)
	cands, skipped := hist.order(model.WorkspaceRoot(rep), cands)
	if skipped > 0 {
		notes = append(notes, fmt.Sprintf("memory: %d fix(es) not proposed again: they failed before", skipped))
	}
	if len(cands) > maxFixes {
		cands = cands[:maxFixes]
	}
	v := fix.NewVerifier(rep)
	var other []report.Fix
	for i, c := range cands {
		if ctx.Err() != nil {
			break
		}
		if progress != nil {
			progress(Phase(fmt.Sprintf("verifying fix %d of %d", i+1, len(cands))))
		}
		f := fix.ToReport(v.Verify(ctx, c))
		if f.Verified {
			fixes = append(fixes, f)
		} else {
			other = append(other, f)
		}
	}
	return append(fixes, other...), notes
}

// FixHistory is what memory knows of earlier fixes for a failure.
type FixHistory struct {
	// WorkedShapes are fix shapes that made this failure go away before.
	WorkedShapes map[string]bool
	// FailedChanges are changes (memory.NormalizeDiff of their diffs) that
	// were tried and did not.
	FailedChanges map[string]bool
}

// order puts candidates of shapes that worked before first and drops
// those whose change failed before, returning how many it dropped.
func (h *FixHistory) order(root string, cands []fix.Candidate) ([]fix.Candidate, int) {
	if h == nil {
		return cands, 0
	}
	var first, rest []fix.Candidate
	skipped := 0
	for _, c := range cands {
		switch {
		case h.FailedChanges[memory.NormalizeDiff(fix.Diff(root, c))]:
			skipped++
		case h.WorkedShapes[c.Shape]:
			first = append(first, c)
		default:
			rest = append(rest, c)
		}
	}
	return append(first, rest...), skipped
}
