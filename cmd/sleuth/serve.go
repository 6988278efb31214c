package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/sleuth-dev/sleuth/server"
)

// cmdServe is sleuth serve: the language server over stdio.
func cmdServe(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sleuth serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	// Clients such as vscode-languageclient append --stdio; stdio is the
	// only transport, so the flag is accepted and changes nothing.
	fs.Bool("stdio", true, "speak LSP on stdin and stdout (the only transport)")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, "sleuth serve: takes no arguments; it speaks LSP on stdin and stdout")
		return exitUsage
	}
	if stdout == io.Writer(os.Stdout) {
		// stdout is the protocol stream now: anything else that would print
		// there goes to stderr instead.
		os.Stdout = os.Stderr
	}
	s := server.New(server.Options{Log: stderr, Name: "sleuth", Version: version()})
	err := s.Serve(ctx, stdio{stdin, stdout})
	if errors.Is(err, server.ErrExitWithoutShutdown) {
		return exitFailure
	}
	if err != nil {
		fmt.Fprintf(stderr, "sleuth serve: %v\n", err)
		return exitFailure
	}
	return exitOK
}

// stdio joins stdin and stdout into the server's stream.
type stdio struct {
	io.Reader
	io.Writer
}

func (s stdio) Close() error {
	if c, ok := s.Reader.(io.Closer); ok {
		c.Close()
	}
	if c, ok := s.Writer.(io.Closer); ok {
		return c.Close()
	}
	return nil
}
