package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/fix"
	"github.com/sleuth-dev/sleuth/analysis/model"
	"github.com/sleuth-dev/sleuth/analysis/report"
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

// explainWithModel asks the model about rep's failure: on success the
// model's explanation replaces the evidence one, and its fixes, each
// verified by re-running the test, are appended to rep.Fixes (verified or
// not, labelled). On any model problem the evidence explanation stays and
// one note says how to get the model. With out a terminal, the model's
// summary and explanation are printed there as they arrive.
func explainWithModel(ctx context.Context, rep *report.Report, mo *modelOptions, out io.Writer) {
	if mo.disabled() || rep.Failure == nil {
		return
	}
	c := model.NewClient(model.Config{Model: mo.name, Timeout: mo.timeout, NumCtx: mo.numCtx})
	opts := model.Options{Client: c, Rounds: mo.rounds, Past: pastIncidents(rep.Memory)}
	var sp *streamPrinter
	if isTerminal(out) {
		sp = &streamPrinter{w: out, model: c.Model()}
		opts.OnText = sp.text
	}
	res, err := model.Explain(ctx, rep, opts)
	sp.end()
	if err != nil {
		modelHint(rep, err)
		return
	}
	rep.Explanation = res.Explanation
	if note := model.CutNote(res, c.NumCtx()); note != "" {
		rep.Notes = append(rep.Notes, note)
	}
	if n := len(res.Dropped); n > 0 && len(res.Fixes) == 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("model: %d proposed fix(es) dropped: %s", n, res.Dropped[0]))
	}
	if len(res.Fixes) == 0 && len(res.Dropped) == 0 {
		return
	}
	// A verified fix from sleuth's own rules is the answer: verifying the
	// model's proposals too would cost test runs for alternatives.
	for _, f := range rep.Fixes {
		if f.Verified {
			return
		}
	}
	outs, err := model.Repair(ctx, rep, opts, &res, fix.NewVerifier(rep))
	// Labelled by source ("model") and verified or not; the renderer
	// lists verified fixes first.
	for _, o := range outs {
		rep.Fixes = append(rep.Fixes, fix.ToReport(o))
	}
	if err != nil {
		modelHint(rep, err)
	}
}

// modelHint adds the one note for a model problem.
func modelHint(rep *report.Report, err error) {
	if h := model.Hint(err); h != "" {
		rep.Notes = append(rep.Notes, "model: "+strings.TrimPrefix(h, "model: ")+", or pass --no-model")
	}
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

// pastIncidents turns memory's matches into the model's past incidents,
// most similar first.
func pastIncidents(m report.Memory) []model.Past {
	var out []model.Past
	for _, x := range m.Matches {
		p := model.Past{Summary: fmt.Sprintf("%s in %s: %s (%s)", x.Kind, x.Test, x.Message, strings.Join(x.Why, "; "))}
		if x.Fix != nil {
			p.Fix, p.Worked = x.Fix.Title, x.Resolved || x.Fix.Verified
			if x.Fix.Diff != "" {
				p.Fix = x.Fix.Diff
			}
		}
		out = append(out, p)
	}
	return out
}
