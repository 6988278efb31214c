package investigate

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// Budget bounds the time of each analysis step. A step that runs out is
// abandoned (its context is cancelled and its partial work dropped) and
// becomes a note; the capture and the steps before it are kept. Zero
// fields take the defaults below.
type Budget struct {
	Analysis   time.Duration // root-cause analysis (static)
	Hypotheses time.Duration // re-running the failure at the suspects
	// Experiments bounds the experiments, their build included; the runs
	// themselves stop at experiment.DefaultBudget and say what they left.
	Experiments time.Duration
	Memory      time.Duration // each recall or record in the incident store
	Fixes       time.Duration // proposing and verifying fixes
	Model       time.Duration // the model's explanation and repair rounds
}

// The default budgets. Analysis takes well under a second on a 600k-line
// module (docs/performance.md); the others run the tests or a model.
const (
	DefaultAnalysisBudget   = 2 * time.Minute
	DefaultHypothesesBudget = 3 * time.Minute
	DefaultExperimentBudget = 3 * time.Minute
	DefaultMemoryBudget     = 30 * time.Second
	DefaultFixesBudget      = 10 * time.Minute
	DefaultModelBudget      = 10 * time.Minute
)

func (b Budget) withDefaults() Budget {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&b.Analysis, DefaultAnalysisBudget)
	def(&b.Hypotheses, DefaultHypothesesBudget)
	def(&b.Experiments, DefaultExperimentBudget)
	def(&b.Memory, DefaultMemoryBudget)
	def(&b.Fixes, DefaultFixesBudget)
	def(&b.Model, DefaultModelBudget)
	return b
}

// abandonGrace is how long a step whose budget ran out is given to notice
// its cancelled context before it is left behind.
const abandonGrace = 2 * time.Second

// stepFunc is one analysis step. It works on its own copy of the report
// (it may change it freely) and returns what to carry over into the real
// one; it runs on a goroutine of its own, so that a step that overruns its
// budget can be left behind without touching the report again.
type stepFunc func(ctx context.Context, rep *report.Report) (apply func(*report.Report), err error)

// errPanic marks a step that panicked.
var errPanic = errors.New("internal error")

// guard runs fn under a recover and a time budget. On success its changes
// are applied to rep and guard returns true. A panic, an error or an
// overrun becomes one note on rep saying which step failed and that the
// capture is complete; a cancelled ctx adds nothing (the caller returns
// ctx.Err()).
func guard(ctx context.Context, rep *report.Report, name string, budget time.Duration, fn stepFunc) bool {
	sctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	type outcome struct {
		apply func(*report.Report)
		err   error
	}
	done := make(chan outcome, 1) // buffered: an abandoned step never blocks
	work := rep.Clone()
	go func() { // ends with fn; waited for below, or abandoned after its budget
		var o outcome
		defer func() {
			if v := recover(); v != nil {
				o = outcome{err: fmt.Errorf("%w: %v (%s)", errPanic, v, panicSite(debug.Stack()))}
			}
			done <- o
		}()
		o.apply, o.err = fn(sctx, work)
	}()
	var o outcome
	select {
	case o = <-done:
	case <-sctx.Done():
		select {
		case o = <-done:
		case <-time.After(abandonGrace):
			o.err = sctx.Err()
		}
	}
	switch {
	case ctx.Err() != nil:
		return false
	case o.err == nil && sctx.Err() != nil:
		o.err = sctx.Err() // finished, but only because it was cut short
	}
	if o.err != nil {
		rep.Notes = append(rep.Notes, failedNote(name, budget, o.err))
		return false
	}
	if o.apply != nil {
		o.apply(rep)
	}
	return true
}

// failedNote says which step failed and that the capture stands.
func failedNote(name string, budget time.Duration, err error) string {
	why := err.Error()
	// An engine error that already names its step says it once.
	why = strings.TrimPrefix(strings.TrimPrefix(why, name+" failed: "), name+": ")
	if errors.Is(err, context.DeadlineExceeded) {
		why = "did not finish within its budget of " + budget.String()
	}
	return fmt.Sprintf("%s failed: %s; the capture above is complete", name, why)
}

// panicSite is the first frame of a panic's stack outside the runtime and
// this file, "file.go:123", for the note.
func panicSite(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	for i := 1; i+1 < len(lines); i += 2 {
		fn, loc := strings.TrimSpace(lines[i]), strings.TrimSpace(lines[i+1])
		if strings.HasPrefix(fn, "runtime") || strings.HasPrefix(fn, "panic(") ||
			strings.Contains(fn, "runtime/debug.") || strings.Contains(loc, "investigate/guard.go") {
			continue
		}
		if j := strings.LastIndex(loc, "/"); j >= 0 {
			loc = loc[j+1:]
		}
		if j := strings.Index(loc, " +0x"); j >= 0 {
			loc = loc[:j]
		}
		return loc
	}
	return "unknown site"
}
