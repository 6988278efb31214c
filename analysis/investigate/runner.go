package investigate

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/sleuth-dev/sleuth/analysis/capture"
	"github.com/sleuth-dev/sleuth/analysis/fix"
	"github.com/sleuth-dev/sleuth/analysis/redact"
	"github.com/sleuth-dev/sleuth/analysis/report"
	"github.com/sleuth-dev/sleuth/analysis/rootcause"
	"github.com/sleuth-dev/sleuth/memory"
)

// runner holds one Run's settings and the state its steps share.
type runner struct {
	req    Request
	h      Hooks
	o      capture.Options // without progress
	budget Budget
	red    *redact.Redactor
	emb    memory.Embedder // nil without the model or memory
	// published is what the last Publish showed (see shown).
	published string
	// expFixes are the fix candidates made from the edits that fixed the
	// test in the experiments.
	expFixes []fix.Candidate
}

func newRunner(req Request, h Hooks) *runner {
	r := &runner{req: req, h: h, o: req.captureOptions(), budget: req.Budget.withDefaults(), red: redact.With(req.Redact)}
	if r.h.Progress == nil {
		r.h.Progress = func(Phase) {}
	}
	if !req.Memory.Off {
		// One embedder per run: without Ollama, one refused connection.
		r.emb = ModelEmbedder(!req.Model.Off, req.Model.Config)
	}
	return r
}

// capture runs the target. A panic in the engine is an error, not a crash
// of the front end (the language server stays up).
func (r *runner) capture(ctx context.Context) (rep *report.Report, err error) {
	defer func() {
		if v := recover(); v != nil {
			rep, err = nil, fmt.Errorf("investigate: capture failed: %w: %v (%s)", errPanic, v, panicSite(debug.Stack()))
		}
	}()
	o := r.o
	o.Progress = func(p string) { r.h.Progress(Phase(p)) }
	rep, err = capture.Run(ctx, o)
	if err == nil && ctx.Err() != nil {
		err = fmt.Errorf("investigate: %w", ctx.Err())
	}
	if err == nil {
		// Bound once, before the first pass masks them: the values the
		// capture shows to be secret stay known to every later pass.
		r.red = r.red.For(rep)
	}
	return rep, err
}

// analyze ranks the suspects of a failure, then tests the close ones by
// re-running it (hypotheses), each step under its guard.
func (r *runner) analyze(ctx context.Context, rep *report.Report, pre *rootcause.Preloaded) {
	if rep.Failure == nil {
		return
	}
	r.h.Progress(PhaseAnalyzing)
	ok := guard(ctx, rep, "root-cause analysis", r.budget.Analysis, func(ctx context.Context, w *report.Report) (func(*report.Report), error) {
		sus, expl, err := rootcause.AnalyzeWith(ctx, w, pre)
		if err != nil {
			return nil, err
		}
		return func(rep *report.Report) { rep.Suspects, rep.Explanation = sus, expl }, nil
	})
	if !ok || r.req.NoHypotheses {
		return
	}
	guard(ctx, rep, "testing hypotheses", r.budget.Hypotheses, func(ctx context.Context, w *report.Report) (func(*report.Report), error) {
		before := len(w.Notes)
		Hypotheses(ctx, r.o, w, r.h.Progress)
		return func(rep *report.Report) {
			rep.Suspects, rep.Explanation = w.Suspects, w.Explanation
			rep.Notes = append(rep.Notes, w.Notes[before:]...)
		}, nil
	})
}

// recall fills rep.Memory with what the store knows of the failure, for
// the user, the fix engine and the model's prompt.
func (r *runner) recall(ctx context.Context, rep *report.Report) {
	if r.req.Memory.Off || rep.Failure == nil {
		return
	}
	r.redact(rep) // nothing unmasked reaches the store's queries
	guard(ctx, rep, "memory recall", r.budget.Memory, func(ctx context.Context, w *report.Report) (func(*report.Report), error) {
		before := len(w.Notes)
		Recall(ctx, w, r.req.Memory.Path, r.emb)
		return func(rep *report.Report) {
			rep.Memory = w.Memory
			rep.Notes = append(rep.Notes, w.Notes[before:]...)
		}, nil
	})
}

// fixes proposes rule fixes, memory's history first, and verifies each.
func (r *runner) fixes(ctx context.Context, rep *report.Report) {
	if r.req.NoFixes || rep.Failure == nil {
		return
	}
	guard(ctx, rep, "fixes", r.budget.Fixes, func(ctx context.Context, w *report.Report) (func(*report.Report), error) {
		var hist *FixHistory
		before := len(w.Notes)
		if !r.req.Memory.Off {
			hist = History(ctx, w, r.req.Memory.Path)
		}
		fixes, notes := verifyFixes(ctx, w, r.h.Progress, hist, r.expFixes)
		return func(rep *report.Report) {
			rep.Fixes = append(rep.Fixes, fixes...)
			rep.Notes = append(append(rep.Notes, w.Notes[before:]...), notes...)
			if sus, changed := rankByFixes(rep, rep.Suspects, rep.Fixes); changed {
				rep.Suspects, rep.Explanation = sus, rootcause.Explain(rep, sus)
			}
			rep.Fixes = orderFixes(rep.Fixes, rep.Suspects)
			if note := noFixNote(rep); note != "" {
				rep.Notes = append(rep.Notes, note)
			}
		}, nil
	})
}

// remember records the failure (or resolves earlier ones after a pass).
// It runs last, so that the fixes tried are recorded with the failure.
func (r *runner) remember(ctx context.Context, rep *report.Report) {
	if r.req.Memory.Off || ctx.Err() != nil {
		return
	}
	r.redact(rep)
	guard(ctx, rep, "memory", r.budget.Memory, func(ctx context.Context, w *report.Report) (func(*report.Report), error) {
		before := len(w.Notes)
		Remember(ctx, w, r.o, r.req.Memory.Path, r.emb)
		return func(rep *report.Report) {
			rep.Memory = w.Memory
			rep.Notes = append(rep.Notes, w.Notes[before:]...)
		}, nil
	})
}

// publish hands a redacted copy of rep to the front end when it differs
// from what was published last.
func (r *runner) publish(stage Stage, rep *report.Report) {
	if r.h.Publish == nil {
		return
	}
	r.redact(rep)
	if key := shown(rep); key != r.published {
		r.published = key
		r.h.Publish(stage, rep.Clone())
	}
}

// shown is what a front end shows of rep, to tell whether a step changed
// it.
func shown(rep *report.Report) string {
	return fmt.Sprintf("%d/%d/%d/%s/%s/%d", len(rep.Suspects), len(rep.Fixes), len(rep.Notes),
		rep.Explanation.Source, rep.Explanation.Summary, len(rep.Memory.Matches))
}

// redact masks secrets in rep in place: the built-in rules, the request's
// patterns and the values the capture showed to be secret, with the one
// mask.
func (r *runner) redact(rep *report.Report) { r.red.Redact(rep) }
