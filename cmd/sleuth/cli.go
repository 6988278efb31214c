package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/sleuth-dev/sleuth/analysis/capture"
	"github.com/sleuth-dev/sleuth/analysis/investigate"
	"github.com/sleuth-dev/sleuth/analysis/model"
	"github.com/sleuth-dev/sleuth/analysis/report"
)

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

const usage = `sleuth finds out why Go code fails.

Usage:
  sleuth test [-run re] [-race] [-timeout d] [-tags t] [-count n] [-v] [--at file.go:N] [--json]
              [--no-rerun] [--no-experiments] [--no-fix] [--redact re] [--model NAME | --no-model]
              [packages] [-- test args]
  sleuth run [-race] [-timeout d] [-tags t] [--json] [package] [-- program args]
  sleuth explain [--json] [FILE|-]     a panic, goroutine dump or race report pasted from logs
  sleuth core [--json] BINARY COREFILE
  sleuth serve                         the language server, on stdin and stdout
  sleuth memory list|show|search|forget|prune|export|import [--json]
                                       the failures sleuth remembers
  sleuth doctor
  sleuth version

Exit status: 1 when a failure was captured, 0 when everything passed, 2 for usage or set-up errors.
`

// run is the whole CLI, testable: it returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch args[0] {
	case "test", "run":
		return cmdCapture(ctx, args[0], args[1:], stdout, stderr)
	case "explain":
		return cmdExplain(args[1:], stdin, stdout, stderr)
	case "serve":
		return cmdServe(ctx, args[1:], stdin, stdout, stderr)
	case "memory":
		return cmdMemory(ctx, args[1:], stdin, stdout, stderr)
	case "core":
		return cmdCore(ctx, args[1:], stdout, stderr)
	case "eval":
		return cmdEval(ctx, args[1:], stdout, stderr)
	case "doctor":
		return cmdDoctor(ctx, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "sleuth", version())
		return exitOK
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "sleuth: unknown command %q: run 'sleuth help'\n", args[0])
	return exitUsage
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// listFlag collects a repeated flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// cmdCapture is sleuth test and sleuth run: flags in, investigate.Run,
// the report out.
func cmdCapture(ctx context.Context, mode string, args []string, stdout, stderr io.Writer) int {
	req, jsonOut, code := captureRequest(mode, args, stderr)
	if code >= 0 {
		return code
	}
	prog := newProgress(stderr)
	h := investigate.Hooks{Progress: func(ph investigate.Phase) { prog.phase(string(ph)) }}
	var sp *streamPrinter
	if isTerminal(stderr) && !req.Model.Off {
		sp = &streamPrinter{w: stderr, model: model.NewClient(req.Model.Config).Model()}
		h.ModelText = sp.text
	}
	rep, err := investigate.Run(ctx, req, h)
	sp.end()
	prog.done()
	if err != nil {
		return setupError(stderr, err)
	}
	return emit(rep, jsonOut, stdout)
}

// captureRequest parses the flags of sleuth test and sleuth run into an
// engine request; code is an exit status to return at once, or -1.
func captureRequest(mode string, args []string, stderr io.Writer) (req investigate.Request, jsonOut bool, code int) {
	fs := flag.NewFlagSet("sleuth "+mode, flag.ContinueOnError)
	fs.SetOutput(stderr)
	req.Mode = mode
	var at, redactFlags listFlag
	fs.StringVar(&req.Run, "run", "", "run only tests matching `regexp`")
	fs.BoolVar(&req.Race, "race", false, "build with the race detector")
	fs.DurationVar(&req.Timeout, "timeout", 0, "fail after `d` (tests default to 10m, like go test)")
	fs.StringVar(&req.Tags, "tags", "", "build `tags`")
	fs.IntVar(&req.Count, "count", 1, "run each test `n` times")
	fs.BoolVar(&req.Verbose, "v", false, "verbose test output")
	fs.Var(&at, "at", "record locals each time `file.go:line` is reached (repeatable)")
	fs.IntVar(&req.AtHits, "hits", capture.DefaultAtHits, "record the first `n` hits of each --at line")
	fs.DurationVar(&req.HangAfter, "hang", capture.DefaultHangAfter, "report a deadlock when every goroutine has been blocked for `d` (0 disables)")
	fs.BoolVar(&jsonOut, "json", false, "print one JSON object on stdout")
	fs.BoolVar(&req.NoFixes, "no-fix", false, "do not propose fixes (each proposed fix is verified by re-running the tests on it in an overlay)")
	fs.BoolVar(&req.NoHypotheses, "no-rerun", false, "never re-run the failure to test hypotheses about its cause")
	fs.BoolVar(&req.NoExperiments, "no-experiments", false, "do not rank the suspects by experiments (changes at the lines the failing test ran, each tested by re-running it)")
	fs.Var(&redactFlags, "redact", "also mask every match of `regexp` in the report, the model's prompt and memory (repeatable; $SLEUTH_REDACT holds more, one per line)")
	fs.IntVar(&req.Limits.MaxStringLen, "max-string", capture.DefaultMaxStringLen, "load at most `n` bytes of a string")
	fs.IntVar(&req.Limits.MaxArrayValues, "max-array", capture.DefaultMaxArrayValues, "load at most `n` elements of a slice, array or map")
	fs.IntVar(&req.Limits.MaxUserFrames, "max-frames", capture.DefaultMaxUserFrames, "load variables of at most `n` user frames")
	mo := modelFlags(fs)
	pkgs, extra := splitDashDash(args)
	if err := fs.Parse(pkgs); err != nil {
		return req, false, exitUsage
	}
	if req.HangAfter == 0 {
		req.HangAfter = -1
	}
	req.Packages, req.Args, req.At = fs.Args(), extra, at
	if mode == "run" && len(req.Packages) > 1 {
		fmt.Fprintln(stderr, "sleuth run: takes one package; program arguments go after --")
		return req, false, exitUsage
	}
	var err error
	if req.Redact, err = redactPatterns(redactFlags); err != nil {
		fmt.Fprintln(stderr, "sleuth: "+err.Error())
		return req, false, exitUsage
	}
	if req.Dir, err = os.Getwd(); err != nil {
		fmt.Fprintln(stderr, "sleuth: the current directory: "+err.Error())
		return req, false, exitUsage
	}
	req.Model = investigate.ModelRequest{Off: mo.disabled(), Config: mo.config(), Rounds: mo.rounds, TurnOff: "pass --no-model"}
	path, on, err := investigate.StorePath("")
	if err != nil {
		fmt.Fprintln(stderr, "sleuth: memory: "+err.Error())
	}
	req.Memory = investigate.MemoryRequest{Off: !on, Path: path}
	return req, jsonOut, -1
}

// redactPatterns compiles the --redact flags and the lines of
// $SLEUTH_REDACT.
func redactPatterns(flags []string) ([]*regexp.Regexp, error) {
	pats := append([]string{}, flags...)
	for _, l := range strings.Split(os.Getenv("SLEUTH_REDACT"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			pats = append(pats, l)
		}
	}
	var out []*regexp.Regexp
	for _, p := range pats {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("--redact %q: %v", p, err)
		}
		out = append(out, re)
	}
	return out, nil
}

// splitDashDash separates sleuth's arguments from the target's.
func splitDashDash(args []string) ([]string, []string) {
	for i, a := range args {
		if a == "--" {
			return args[:i], args[i+1:]
		}
	}
	return args, nil
}

func setupError(stderr io.Writer, err error) int {
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "sleuth: interrupted; the target and its children were stopped")
		return exitUsage
	}
	fmt.Fprintln(stderr, "sleuth: "+strings.TrimPrefix(err.Error(), "capture: "))
	return exitUsage
}

// emit prints the report and picks the exit status.
func emit(rep *report.Report, jsonOut bool, stdout io.Writer) int {
	if jsonOut {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(rep)
	} else {
		wd, _ := os.Getwd()
		report.Render(stdout, rep, report.Style{Color: colorOn(stdout), Base: wd})
	}
	if rep.Failure != nil {
		return exitFailure
	}
	return exitOK
}

// colorOn is true on a terminal unless NO_COLOR is set.
func colorOn(w io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
