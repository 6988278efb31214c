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
	"runtime/debug"
	"strings"
	"syscall"
	"time"

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
              [--no-rerun] [--no-fix] [--model NAME | --no-model] [packages] [-- test args]
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

// cmdCapture is sleuth test and sleuth run.
func cmdCapture(ctx context.Context, mode string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sleuth "+mode, flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := capture.Options{Mode: mode}
	var at listFlag
	var jsonOut bool
	fs.StringVar(&o.Run, "run", "", "run only tests matching `regexp`")
	fs.BoolVar(&o.Race, "race", false, "build with the race detector")
	fs.DurationVar(&o.Timeout, "timeout", 0, "fail after `d` (tests default to 10m, like go test)")
	fs.StringVar(&o.Tags, "tags", "", "build `tags`")
	fs.IntVar(&o.Count, "count", 1, "run each test `n` times")
	fs.BoolVar(&o.Verbose, "v", false, "verbose test output")
	fs.Var(&at, "at", "record locals each time `file.go:line` is reached (repeatable)")
	fs.IntVar(&o.AtHits, "hits", 5, "record the first `n` hits of each --at line")
	fs.DurationVar(&o.HangAfter, "hang", 2*time.Second, "report a deadlock when every goroutine has been blocked for `d` (0 disables)")
	fs.BoolVar(&jsonOut, "json", false, "print one JSON object on stdout")
	var noRerun, noFix bool
	fs.BoolVar(&noFix, "no-fix", false, "do not propose fixes (each proposed fix is verified by re-running the tests on it in an overlay)")
	fs.BoolVar(&noRerun, "no-rerun", false, "never re-run the failure to test hypotheses about its cause")
	fs.IntVar(&o.Limits.MaxStringLen, "max-string", 120, "load at most `n` bytes of a string")
	fs.IntVar(&o.Limits.MaxArrayValues, "max-array", 10, "load at most `n` elements of a slice, array or map")
	fs.IntVar(&o.Limits.MaxUserFrames, "max-frames", 8, "load variables of at most `n` user frames")
	mo := modelFlags(fs)
	pkgs, extra := splitDashDash(args)
	if err := fs.Parse(pkgs); err != nil {
		return exitUsage
	}
	if o.HangAfter == 0 {
		o.HangAfter = -1
	}
	o.Packages, o.Args, o.At = fs.Args(), extra, at
	if mode == "run" && len(o.Packages) > 1 {
		fmt.Fprintln(stderr, "sleuth run: takes one package; program arguments go after --")
		return exitUsage
	}
	prog := newProgress(stderr)
	o.Progress = prog.phase
	pre := preload(ctx, o.Packages)
	rep, err := capture.Run(ctx, o)
	if err != nil {
		prog.done()
		return setupError(stderr, err)
	}
	prog.phase("analyzing")
	analyze(ctx, rep, pre)
	if !noRerun {
		refine(ctx, o, rep, prog.phase)
	}
	emb := investigate.ModelEmbedder(!mo.disabled(), model.Config{Model: mo.name, NumCtx: mo.numCtx, Timeout: mo.timeout})
	investigate.Recall(ctx, rep, "", emb) // the fix engine and the model read what memory knows
	if !noFix {
		proposeFixes(ctx, rep, prog.phase)
	}
	explainWithModel(ctx, rep, mo, stderr)
	investigate.Remember(ctx, rep, o, "", emb)
	prog.done()
	return emit(rep, jsonOut, stdout)
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
