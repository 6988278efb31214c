package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/model"
)

// modelOptions are the model flags of sleuth test and sleuth run.
type modelOptions struct {
	name    string
	off     bool
	timeout time.Duration
	numCtx  int
	rounds  int
}

// modelFlags registers --model, --no-model and their tuning flags on fs.
// SLEUTH_MODEL names the model when --model is not given; SLEUTH_MODEL=off
// is --no-model (for scripts and CI). OLLAMA_HOST picks the server.
func modelFlags(fs *flag.FlagSet) *modelOptions {
	mo := &modelOptions{}
	fs.StringVar(&mo.name, "model", "", "explain and fix with the Ollama model `name` (default $SLEUTH_MODEL, else "+model.DefaultModel+")")
	fs.BoolVar(&mo.off, "no-model", false, "never ask a model: the explanation comes from evidence alone")
	fs.DurationVar(&mo.timeout, "model-timeout", model.DefaultTimeout, "give up on the model after `d` per call")
	fs.IntVar(&mo.numCtx, "model-ctx", model.DefaultNumCtx, "the model's context window in `tokens` (num_ctx)")
	fs.IntVar(&mo.rounds, "model-rounds", model.DefaultRounds, "ask the model at most `n` times to fix and refine")
	return mo
}

// disabled reports whether the model is off, by flag or environment.
func (mo *modelOptions) disabled() bool {
	if mo.off {
		return true
	}
	switch strings.ToLower(strings.TrimSpace(os.Getenv("SLEUTH_MODEL"))) {
	case "off", "none", "0", "false":
		return mo.name == ""
	}
	return false
}

// config is the model client's configuration from the flags.
func (mo *modelOptions) config() model.Config {
	return model.Config{Model: mo.name, Timeout: mo.timeout, NumCtx: mo.numCtx}
}

// streamPrinter prints the model's words on the terminal as they arrive.
type streamPrinter struct {
	w     io.Writer
	model string
	mu    sync.Mutex // guards field
	field string     // the field being printed; "" before the first
}

func (p *streamPrinter) text(field, s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if field != p.field {
		if p.field == "" {
			fmt.Fprintf(p.w, "sleuth: model %s: ", p.model)
		} else {
			fmt.Fprint(p.w, "\n  ")
		}
		p.field = field
	}
	fmt.Fprint(p.w, strings.ReplaceAll(s, "\n", "\n  "))
}

// end finishes the line; p may be nil.
func (p *streamPrinter) end() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.field != "" {
		fmt.Fprintln(p.w)
	}
}

// isTerminal reports whether w is a character device.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
