package investigate

import (
	"context"
	"fmt"
	"strings"

	"github.com/sleuth-dev/sleuth/analysis/fix"
	"github.com/sleuth-dev/sleuth/analysis/model"
	"github.com/sleuth-dev/sleuth/analysis/report"
)

// explain asks the model about rep's failure. On success the model's
// explanation replaces the evidence one and its fixes, each verified by
// re-running the tests, follow the rule fixes (verified or not, labelled).
// When the model cannot answer, the evidence explanation stays and one
// note says how to get the model, or how to turn it off.
func (r *runner) explain(ctx context.Context, rep *report.Report) {
	if r.req.Model.Off || rep.Failure == nil {
		return
	}
	r.redact(rep)
	guard(ctx, rep, "the model", r.budget.Model, func(ctx context.Context, w *report.Report) (func(*report.Report), error) {
		c := model.NewClient(r.req.Model.Config)
		opts := model.Options{Client: c, Rounds: r.req.Model.Rounds, Past: pastIncidents(w.Memory),
			Redactor: r.red, OnText: r.h.ModelText}
		r.h.Progress(Phase("asking " + c.Model()))
		res, err := model.Explain(ctx, w, opts)
		if err != nil {
			note := r.modelProblem(err)
			return func(rep *report.Report) { rep.Notes = append(rep.Notes, note...) }, nil
		}
		var notes []string
		if note := model.CutNote(res, c.NumCtx()); note != "" {
			notes = append(notes, note)
		}
		if n := len(res.Dropped); n > 0 && len(res.Fixes) == 0 {
			notes = append(notes, fmt.Sprintf("model: %d proposed fix(es) dropped: %s", n, res.Dropped[0]))
		}
		var fixes []report.Fix
		if (len(res.Fixes) > 0 || len(res.Dropped) > 0) && !hasVerified(w.Fixes) {
			// A verified rule fix is the answer: verifying the model's
			// proposals too would cost test runs for alternatives.
			r.h.Progress(PhaseModelFixes)
			outs, err := model.Repair(ctx, w, opts, &res, fix.NewVerifier(w))
			for _, o := range outs {
				fixes = append(fixes, fix.ToReport(o))
			}
			if err != nil {
				notes = append(notes, r.modelProblem(err)...)
			}
		}
		return func(rep *report.Report) {
			rep.Explanation = res.Explanation
			rep.Fixes = append(rep.Fixes, fixes...)
			rep.Notes = append(rep.Notes, notes...)
		}, nil
	})
}

// modelProblem tells the front end why the model did not answer and
// returns the note to add (none when the run was cancelled).
func (r *runner) modelProblem(err error) []string {
	h := model.Hint(err)
	if h == "" {
		return nil
	}
	if r.h.ModelProblem != nil {
		r.h.ModelProblem(h)
	}
	note := "model: " + strings.TrimPrefix(h, "model: ")
	if r.req.Model.TurnOff != "" {
		note += ", or " + r.req.Model.TurnOff
	}
	return []string{note}
}

func hasVerified(fs []report.Fix) bool {
	for _, f := range fs {
		if f.Verified {
			return true
		}
	}
	return false
}

// pastIncidents turns memory's matches into the model's past incidents,
// most similar first.
func pastIncidents(m report.Memory) []model.Past {
	var out []model.Past
	for _, x := range m.Matches {
		p := model.Past{Summary: fmt.Sprintf("%s in %s: %s (%s)", x.Kind, x.Test, x.Message, strings.Join(x.Why, "; "))}
		if x.Fix != nil {
			p.Fix, p.Worked = x.Fix.Title, x.Resolved || x.Fix.Verified
			if x.Fix.Diff != "" {
				p.Fix = x.Fix.Diff
			}
		}
		out = append(out, p)
	}
	return out
}
