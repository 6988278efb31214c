package investigate

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/sleuth-dev/sleuth/analysis/experiment"
	"github.com/sleuth-dev/sleuth/analysis/report"
	"github.com/sleuth-dev/sleuth/analysis/rootcause"
)

// experiments ranks the suspects by what changes the outcome: edits and
// forced branches at the statements the failing test reached, each tested
// by re-running it (analysis/experiment). The edits that fixed it become
// fix candidates for the fixes step.
func (r *runner) experiments(ctx context.Context, rep *report.Report) {
	if r.req.NoExperiments || rep.Failure == nil {
		return
	}
	r.h.Progress(PhaseExperiment)
	guard(ctx, rep, "experiments", r.budget.Experiments, func(ctx context.Context, w *report.Report) (func(*report.Report), error) {
		step := 0
		opts := experiment.Options{Tags: r.req.Tags, Progress: func(done, total int) {
			// At most ten progress lines.
			if n := done * 10 / max(total, 1); n > step {
				step = n
				r.h.Progress(Phase(fmt.Sprintf("experiment %d of %d", done, total)))
			}
		}}
		res, err := experiment.Run(ctx, w, experiment.Priority(w.Suspects), opts)
		if errors.Is(err, experiment.ErrNotApplicable) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		sus := experiment.Rank(w.Suspects, res)
		expl := rootcause.Explain(w, sus)
		cands := experiment.Fixes(res, sus)
		summary := experimentSummary(res)
		note := experimentNote(res, summary)
		return func(rep *report.Report) {
			rep.Suspects, rep.Explanation = sus, expl
			rep.Notes = append(rep.Notes, note)
			rep.Experiments = summary
			r.expFixes = cands
		}, nil
	})
}

// experimentSummary is the report's account of the experiments.
func experimentSummary(res *experiment.Result) *report.Experiments {
	e := &report.Experiments{Tried: len(res.Outcomes), Skipped: res.Skipped,
		BuildMS: res.Build.Milliseconds(), RunsMS: res.Runs.Milliseconds()}
	for _, o := range res.Outcomes {
		if o.Fixes() && !o.Weak() {
			e.Fixing++
		}
	}
	for l := range res.Reached {
		e.Reached = append(e.Reached, l)
	}
	sort.Strings(e.Reached)
	return e
}

// experimentNote says what the experiments did, in one line.
func experimentNote(res *experiment.Result, e *report.Experiments) string {
	// Times are in the report's experiments, not here: a note says what
	// was found, the same every run.
	s := fmt.Sprintf("experiments: %d change(s) tried at the %d line(s) %s reached; %d made it pass with the other tests still passing",
		e.Tried, len(e.Reached), res.Test, e.Fixing)
	if e.Skipped > 0 {
		s += fmt.Sprintf("; %d left untried within the time budget", e.Skipped)
	}
	return s
}

// rankByFixes ranks the suspects again by which fixes held: a line a
// verified fix changes rises (unless the experiments raised it already),
// and a line only failed fixes change drops, saying so. The order of
// equal lines is kept.
func rankByFixes(rep *report.Report, sus []report.Suspect, fixes []report.Fix) ([]report.Suspect, bool) {
	// A fix where a panic happened avoids the failing operation rather
	// than what led to it (experiment.Outcome.Weak): it raises no line.
	crash := func(s report.Suspect) bool {
		f := rep.Failure
		return f != nil && f.Kind != report.KindTestFailure && s.File == f.Location.File && s.Line == f.Location.Line
	}
	changed := false
	out := append([]report.Suspect{}, sus...)
	for i := range out {
		s := &out[i]
		var held, failed *report.Fix
		for j := range fixes {
			if covers(fixes[j], *s) {
				if fixes[j].Verified && held == nil {
					held = &fixes[j]
				} else if !fixes[j].Verified && failed == nil {
					failed = &fixes[j]
				}
			}
		}
		switch {
		case held != nil && s.Score < experiment.WeightFixes && !crash(*s):
			s.Score += experiment.WeightFixes
			s.Evidence = append([]string{"verified: the fix \"" + held.Title + "\" makes " + "the failing test pass and keeps the other tests passing"}, s.Evidence...)
			changed = true
		case held == nil && failed != nil:
			s.Score *= experiment.DemotedPrior
			s.Evidence = append(s.Evidence, "the fix \""+failed.Title+"\" did not hold: "+failed.Detail)
			changed = true
		}
	}
	if changed {
		sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	}
	return out, changed
}

// noFixNote says plainly why no fix was verified, when none was: what the
// experiments and the rules tried.
func noFixNote(rep *report.Report) string {
	if hasVerified(rep.Fixes) {
		return ""
	}
	var why []string
	if e := rep.Experiments; e != nil {
		why = append(why, fmt.Sprintf("none of the %d changes tried at the %d lines the test reached made it pass with the other tests still passing", e.Tried, len(e.Reached)))
	}
	rules := 0
	for _, f := range rep.Fixes {
		if f.Source != "model" {
			rules++
		}
	}
	switch {
	case rules > 0:
		why = append(why, fmt.Sprintf("the %d fix(es) proposed did not hold (see each)", rules))
	default:
		why = append(why, "no fix rule matched the failure's shape")
	}
	return "no verified fix: " + strings.Join(why, "; ")
}

// orderFixes lists verified fixes first, and among them first the one that
// changes the likeliest suspect: a fix at the cause before one that only
// makes the test pass elsewhere. The order is otherwise kept.
func orderFixes(fixes []report.Fix, sus []report.Suspect) []report.Fix {
	rank := func(f report.Fix) int {
		for i, s := range sus {
			if covers(f, s) {
				return i
			}
		}
		return len(sus)
	}
	out := append([]report.Fix{}, fixes...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Verified != out[j].Verified {
			return out[i].Verified
		}
		return out[i].Verified && rank(out[i]) < rank(out[j])
	})
	return out
}

// covers reports whether one of f's edits changes s's line.
func covers(f report.Fix, s report.Suspect) bool {
	for _, e := range f.Edits {
		if e.File == s.File && e.StartLine <= s.Line && s.Line <= max(e.EndLine, e.StartLine) {
			return true
		}
	}
	return false
}
