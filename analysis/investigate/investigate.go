// Package investigate is the pipeline both front ends run: capture a failure
// under Delve, rank its suspects, explain it, and redact what must not be
// shown. The language server (server/) and, later, the CLI call it; it knows
// nothing of either, and nothing of the Language Server Protocol: progress is
// a plain callback with named phases.
//
// A run, end to end:
//
//  1. Run starts rootcause.Preload on the package directory, so that loading
//     syntax and types overlaps the build and the debug run.
//  2. capture.Run builds the test binary (or program), runs it under a Delve
//     worker process and reads the state at the failure; its phases
//     (building, running, capturing) are passed on to the callback.
//  3. rootcause.AnalyzeWith ranks suspect lines and writes the evidence
//     explanation (phase analyzing). An analysis problem becomes a note on
//     the report, never an error: the captured state is still worth showing.
//  4. Redact masks secrets in every value and message.
//
// Cancelling the context stops everything: capture.Run kills its worker and
// the target, and the preload ends with the context Run derives for it.
package investigate

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/capture"
	"github.com/sleuth-dev/sleuth/analysis/postmortem"
	"github.com/sleuth-dev/sleuth/analysis/report"
	"github.com/sleuth-dev/sleuth/analysis/rootcause"
	"github.com/sleuth-dev/sleuth/analysis/source"
)

// Phase names a step of an investigation, reported as it starts.
type Phase string

// The phases, in order. Building, running and capturing come from the
// capture engine; a phase it adds later is passed on as it is.
const (
	PhaseBuilding  Phase = "building"
	PhaseRunning   Phase = "running"
	PhaseCapturing Phase = "capturing"
	PhaseAnalyzing Phase = "analyzing"
)

// Request says what to investigate and how much to capture.
type Request struct {
	// Dir is the directory of the package to run (absolute).
	Dir string
	// Mode is "test" (the default) or "run" for a main package.
	Mode string
	// Test is the exact name of the test to run, sub-test included
	// ("TestParse/empty_input"). When empty, Run is used as it is.
	Test string
	// Run is a -run regexp, used when Test is empty.
	Run string
	// At lists "file.go:line" snapshot points (file absolute or relative
	// to Dir), recorded on their first AtHits hits.
	At     []string
	AtHits int
	// Args are the program's or the test binary's arguments.
	Args []string

	// Timeout bounds the target's run (0: capture's default);
	// HangAfter is the deadlock threshold (0: default, negative: off).
	Timeout   time.Duration
	HangAfter time.Duration
	Limits    capture.Limits

	// CacheDir and WorkerExe are passed to capture (empty: defaults).
	CacheDir  string
	WorkerExe string

	// Redact masks every match in values, messages and output.
	Redact []*regexp.Regexp
	// NoAnalysis skips root-cause analysis (the captured state only).
	NoAnalysis bool
	// NoHypotheses skips re-running a failed check to test its suspects.
	NoHypotheses bool
}

// ErrNoDir is returned when the request names no usable package directory.
var ErrNoDir = errors.New("investigate: no package directory")

// Run investigates req and returns the report. A captured failure is not an
// error; errors are set-up problems (no package, no such test, the debugger
// could not start) and cancellation (ctx.Err() wrapped). progress, when not
// nil, is called from Run's goroutine or the engine's as each phase starts.
func Run(ctx context.Context, req Request, progress func(Phase)) (*report.Report, error) {
	if progress == nil {
		progress = func(Phase) {}
	}
	if req.Dir == "" || !filepath.IsAbs(req.Dir) {
		return nil, ErrNoDir
	}
	if st, err := os.Stat(req.Dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("%w: %s", ErrNoDir, req.Dir)
	}
	// The preload's goroutine ends when this context does.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var pre *rootcause.Preloaded
	if !req.NoAnalysis {
		pre = rootcause.Preload(ctx, []string{req.Dir})
	}
	o := req.captureOptions()
	o.Progress = func(p string) { progress(Phase(p)) }
	rep, err := capture.Run(ctx, o)
	if err != nil {
		return nil, err
	}
	if !req.NoAnalysis && rep.Failure != nil {
		progress(PhaseAnalyzing)
		sus, expl, err := rootcause.AnalyzeWith(ctx, rep, pre)
		switch {
		case ctx.Err() != nil:
			return nil, fmt.Errorf("investigate: %w", ctx.Err())
		case err != nil:
			rep.Notes = append(rep.Notes, "root-cause analysis: "+err.Error())
		default:
			rep.Suspects, rep.Explanation = sus, expl
			if !req.NoHypotheses {
				Hypotheses(ctx, o, rep, progress)
			}
		}
	}
	Redact(rep, req.Redact)
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

// RunPattern is the -run regexp that matches exactly the test named name
// (each sub-test level anchored on its own); "" for "".
func RunPattern(name string) string {
	if name == "" {
		return ""
	}
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	return strings.Join(parts, "/")
}

// ModuleRoot is the directory of the go.mod around dir, or dir.
func ModuleRoot(dir string) string { return source.ModuleRoot(dir) }

// captureOptions are the capture engine's options for req (without
// progress).
func (req Request) captureOptions() capture.Options {
	o := capture.Options{
		Mode:      req.Mode,
		Packages:  []string{"."},
		Dir:       req.Dir,
		Args:      req.Args,
		Run:       RunPattern(req.Test),
		Timeout:   req.Timeout,
		At:        req.At,
		AtHits:    req.AtHits,
		HangAfter: req.HangAfter,
		Limits:    req.Limits,
		CacheDir:  req.CacheDir,
		WorkerExe: req.WorkerExe,
	}
	if o.Run == "" {
		o.Run = req.Run
	}
	if o.Mode == "" {
		o.Mode = "test"
	}
	return o
}

// CaptureOptions are the options Run passes to the capture engine, for
// the steps that re-run the target (memory's resolution, hypotheses).
func (req Request) CaptureOptions() capture.Options { return req.captureOptions() }
