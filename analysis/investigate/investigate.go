// Package investigate is the one pipeline every front end runs: the CLI
// (cmd/sleuth), the language server (server/) and the coming MCP server
// only build a Request, call Run and render what it returns or publishes.
// It knows nothing of any front end, nor of the Language Server Protocol:
// progress and early results are plain callbacks (Hooks).
//
// A run, end to end (Run):
//
//  1. rootcause.Preload starts on the package directory, so that loading
//     syntax and types overlaps the build and the debug run.
//  2. capture.Run builds the test binary (or program), runs it under a
//     Delve worker process and reads the state at the failure; its phases
//     (building, running, capturing) are passed on to Hooks.Progress.
//  3. Root-cause analysis ranks suspect lines and writes the evidence
//     explanation; hypotheses re-run the failure at close suspects; memory
//     recalls similar incidents. The report, redacted, is published
//     (StageAnalyzed): the editor shows it while the rest runs.
//  4. Experiments (analysis/experiment) change the code at the statements
//     the failing test executed and re-run it for each change; the
//     suspects are ranked again by what changed the outcome
//     (StageExperimented).
//  5. The experiments' fixing edits and the rule fixes, with memory's
//     history of what worked and failed, are verified by re-running the
//     tests in an overlay; the suspects are ranked again by which held
//     (StageFixed).
//  6. The model explains and proposes fixes, verified the same way
//     (StageExplained); a missing model is one note.
//  7. The failure is recorded in memory (or, after a pass, resolved).
//
// Every step after the capture runs under a guard (guard.go): a recover
// and a time budget, on its own copy of the report. A step that panics,
// fails or overruns becomes one note ("root-cause analysis failed: …; the
// capture above is complete") and the steps after it still run: a capture
// that succeeded always reaches the user. Secrets are masked with one
// redactor (analysis/redact, plus Request.Redact) before anything is
// published, stored or sent to a model. Cancelling the context stops
// everything: capture kills its worker and the target, fix verification
// its go commands, and Run returns ctx.Err() wrapped.
package investigate

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/sleuth-dev/sleuth/analysis/gotest"
	"github.com/sleuth-dev/sleuth/analysis/postmortem"
	"github.com/sleuth-dev/sleuth/analysis/report"
	"github.com/sleuth-dev/sleuth/analysis/rootcause"
	"github.com/sleuth-dev/sleuth/analysis/source"
)

// Phase names a step of an investigation, reported as it starts.
type Phase string

// The phases, in order. Building, running and capturing come from the
// capture engine; a phase it adds later is passed on as it is. Fix
// verification reports "verifying fix i of n", and the model step
// "asking NAME".
const (
	PhaseBuilding   Phase = "building"
	PhaseRunning    Phase = "running"
	PhaseCapturing  Phase = "capturing"
	PhaseAnalyzing  Phase = "analyzing"
	PhaseHypotheses Phase = "testing hypotheses"
	PhaseExperiment Phase = "running experiments"
	PhaseFixing     Phase = "verifying fixes"
	PhaseModelFixes Phase = "verifying the model's fixes"
)

// Stage names a point at which Run publishes the report so far.
type Stage string

const (
	// StageAnalyzed: the capture, its suspects, tested hypotheses and
	// what memory recalls. Always published when a capture succeeded.
	StageAnalyzed Stage = "analyzed"
	// StageExperimented: the suspects ranked again by the experiments'
	// verdicts.
	StageExperimented Stage = "experimented"
	// StageFixed: the verified (and the unverified) fixes added, the
	// suspects ranked again by which fixes held.
	StageFixed Stage = "fixed"
	// StageExplained: the model's explanation and fixes added.
	StageExplained Stage = "explained"
)

// Hooks let a front end follow a run. Every field may be nil. They are
// called from Run's goroutine or a step's, one at a time for a given run.
type Hooks struct {
	// Progress is told of each phase as it starts.
	Progress func(Phase)
	// Publish receives a copy of the report (redacted, the front end's to
	// keep) at each stage that changed it, before the slower steps after
	// it run; the report Run returns is the last word.
	Publish func(Stage, *report.Report)
	// ModelText receives the model's explanation as it streams (field is
	// "summary" or "explanation").
	ModelText func(field, text string)
	// ModelProblem is told, once per run, why the model could not answer
	// (model.Hint); the report also carries it as a note.
	ModelProblem func(hint string)
}

// ErrNoDir is returned when the request names no usable package directory.
var ErrNoDir = errors.New("investigate: no package directory")

// Run investigates req and returns the report. A captured failure is not an
// error, and neither is a failed analysis step (a note). Errors are set-up
// problems (no package, no such test, the debugger could not start) and
// cancellation (ctx.Err() wrapped).
func Run(ctx context.Context, req Request, h Hooks) (*report.Report, error) {
	if req.Dir == "" || !filepath.IsAbs(req.Dir) {
		return nil, ErrNoDir
	}
	if st, err := os.Stat(req.Dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("%w: %s", ErrNoDir, req.Dir)
	}
	// The preload's goroutine ends when this context does.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r := newRunner(req, h)
	var pre *rootcause.Preloaded
	if dir := req.preloadDir(); dir != "" && !req.NoAnalysis {
		pre = rootcause.Preload(ctx, []string{dir})
	}
	rep, err := r.capture(ctx)
	if err != nil {
		return nil, err
	}
	if !req.NoAnalysis {
		r.analyze(ctx, rep, pre)
		r.recall(ctx, rep)
		r.publish(StageAnalyzed, rep)
		r.experiments(ctx, rep)
		r.publish(StageExperimented, rep)
		r.fixes(ctx, rep)
		r.publish(StageFixed, rep)
		r.explain(ctx, rep)
		r.publish(StageExplained, rep)
		r.remember(ctx, rep)
	}
	if ctx.Err() != nil {
		return nil, fmt.Errorf("investigate: %w", ctx.Err())
	}
	r.redact(rep)
	return rep, nil
}

// Explain turns a pasted panic, goroutine dump or race report into a report,
// mapping its paths onto the module around root (the `sleuth explain`
// pipeline). Its error for text without a trace is postmortem.ErrNothingFound.
func Explain(text []byte, root string, redact []*regexp.Regexp) (*report.Report, error) {
	if root != "" {
		root = ModuleRoot(root)
	}
	rep, err := postmortem.Parse(text, postmortem.Options{Root: root})
	if err != nil {
		return nil, err
	}
	Redact(rep, redact)
	return rep, nil
}

// RunPattern is the -run regexp that matches exactly the test named name;
// "" for "". It is gotest.RunPattern, the one builder.
func RunPattern(name string) string { return gotest.RunPattern(name) }

// ModuleRoot is the directory of the go.mod around dir, or dir.
func ModuleRoot(dir string) string { return source.ModuleRoot(dir) }
