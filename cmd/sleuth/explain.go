package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/sleuth-dev/sleuth/analysis/capture"
	"github.com/sleuth-dev/sleuth/analysis/postmortem"
	"github.com/sleuth-dev/sleuth/analysis/source"
)

// maxExplainInput bounds what sleuth explain reads.
const maxExplainInput = 64 << 20

// cmdExplain reports a trace pasted from logs.
func cmdExplain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sleuth explain", flag.ContinueOnError)
	fs.SetOutput(stderr)
	jsonOut := fs.Bool("json", false, "print one JSON object on stdout")
	root := fs.String("root", "", "the workspace to map frames onto (default: the module around the current directory)")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	in := stdin
	if a := fs.Arg(0); a != "" && a != "-" {
		f, err := os.Open(a)
		if err != nil {
			fmt.Fprintf(stderr, "sleuth explain: %v\n", err)
			return exitUsage
		}
		defer f.Close()
		in = f
	}
	text, err := io.ReadAll(io.LimitReader(in, maxExplainInput))
	if err != nil {
		fmt.Fprintf(stderr, "sleuth explain: reading input: %v\n", err)
		return exitUsage
	}
	if *root == "" {
		wd, _ := os.Getwd()
		*root = source.ModuleRoot(wd)
	}
	rep, err := postmortem.Parse(text, postmortem.Options{Root: *root})
	if err != nil {
		fmt.Fprintf(stderr, "sleuth explain: %v\n", err)
		return exitUsage
	}
	return emit(rep, *jsonOut, stdout)
}

// cmdCore reports a core dump through Delve.
func cmdCore(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sleuth core", flag.ContinueOnError)
	fs.SetOutput(stderr)
	jsonOut := fs.Bool("json", false, "print one JSON object on stdout")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() != 2 {
		fmt.Fprintln(stderr, "sleuth core: want BINARY COREFILE")
		return exitUsage
	}
	wd, _ := os.Getwd()
	rep, err := capture.Core(ctx, fs.Arg(0), fs.Arg(1), capture.Options{Dir: source.ModuleRoot(wd)})
	if err != nil {
		return setupError(stderr, err)
	}
	return emit(rep, *jsonOut, stdout)
}
