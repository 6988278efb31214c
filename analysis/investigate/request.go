package investigate

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/capture"
	"github.com/sleuth-dev/sleuth/analysis/model"
)

// Request says what to investigate, how much to capture and which steps to
// run. Its zero value runs every step; front ends turn steps off from their
// flags or settings.
type Request struct {
	// Dir is the directory the go command runs in (absolute). With no
	// Packages it is also the package to run.
	Dir string
	// Packages are the package arguments, as for the go command, relative
	// to Dir; "." when empty. Run mode takes one.
	Packages []string
	// Mode is "test" (the default) or "run" for a main package.
	Mode string
	// Test is the exact name of the test to run, sub-test included
	// ("TestParse/empty_input"). When empty, Run is used as it is.
	Test string
	// Run is a -run regexp, used when Test is empty.
	Run string
	// Go command flags, mirrored.
	Race    bool
	Tags    string
	Count   int
	Verbose bool
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

	// Redact are the user's patterns: every match is masked wherever it
	// appears, on top of the built-in rules (analysis/redact), in the
	// report, the model's prompt and the incident store alike.
	Redact []*regexp.Regexp

	// NoAnalysis skips every step after the capture.
	NoAnalysis bool
	// NoHypotheses skips re-running a failed check to test its suspects.
	NoHypotheses bool
	// NoExperiments skips the experiments that rank the suspects by what
	// changes the outcome (analysis/experiment).
	NoExperiments bool
	// NoFixes skips proposing and verifying fixes.
	NoFixes bool
	Model   ModelRequest
	Memory  MemoryRequest
	Budget  Budget
}

// ModelRequest configures the model step (analysis/model through Ollama).
type ModelRequest struct {
	// Off never asks a model; memory then recalls without embeddings.
	Off    bool
	Config model.Config
	// Rounds bounds the repair rounds (model's default when zero).
	Rounds int
	// TurnOff says how the user turns the model off, for the note shown
	// when it is unavailable ("pass --no-model").
	TurnOff string
}

// MemoryRequest configures recall and recording in the incident store.
type MemoryRequest struct {
	Off bool
	// Path is the store file; empty: $SLEUTH_MEMORY, else the default
	// (StorePath).
	Path string
}

// captureOptions are the capture engine's options for req (without
// progress).
func (req Request) captureOptions() capture.Options {
	o := capture.Options{
		Mode:      req.Mode,
		Packages:  req.Packages,
		Dir:       req.Dir,
		Args:      req.Args,
		Run:       RunPattern(req.Test),
		Race:      req.Race,
		Tags:      req.Tags,
		Count:     req.Count,
		Verbose:   req.Verbose,
		Timeout:   req.Timeout,
		At:        req.At,
		AtHits:    req.AtHits,
		HangAfter: req.HangAfter,
		Limits:    req.Limits,
		CacheDir:  req.CacheDir,
		WorkerExe: req.WorkerExe,
	}
	if len(o.Packages) == 0 {
		o.Packages = []string{"."}
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

// preloadDir is the package directory whose syntax and types can be
// loaded while the target builds and runs: the one package argument when
// it is a directory (not an import path or a ... pattern), else "".
// SLEUTH_NOPRELOAD turns the overlap off (for measuring it).
func (req Request) preloadDir() string {
	if len(req.Packages) > 1 || os.Getenv("SLEUTH_NOPRELOAD") != "" {
		return ""
	}
	dir := "."
	if len(req.Packages) == 1 {
		dir = req.Packages[0]
	}
	if strings.Contains(dir, "...") {
		return ""
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(req.Dir, dir)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return ""
	}
	return dir
}
