package server

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/tliron/glsp/protocol_3_16"

	"github.com/sleuth-dev/sleuth/analysis/fix"
	"github.com/sleuth-dev/sleuth/analysis/model"
	"github.com/sleuth-dev/sleuth/analysis/redact"
	"github.com/sleuth-dev/sleuth/analysis/report"
)

// explainWithModel asks the local model about rep once diagnostics, hovers
// and the rule fixes are out: nothing waits for it. The reply streams as
// progress reports; on success it returns a copy of rep with the model's
// explanation and fixes (verified or not, labelled), else nil. A model
// problem is one log line and, once per session, one hint to the user.
func (s *Server) explainWithModel(ctx context.Context, rep *report.Report, st Settings, p *progress) *report.Report {
	if !st.Model || rep.Failure == nil {
		return nil
	}
	c := model.NewClient(model.Config{Host: st.OllamaHost, Model: st.OllamaModel})
	opts := model.Options{Client: c, Redactor: s.redactor(st), OnText: throttled(p, c.Model())}
	p.report("asking " + c.Model() + "…")
	res, err := model.Explain(ctx, rep, opts)
	if err != nil {
		s.modelProblem(err)
		return nil
	}
	out := *rep
	out.Explanation = res.Explanation
	out.Notes = append([]string{}, rep.Notes...)
	if note := model.CutNote(res, c.NumCtx()); note != "" {
		out.Notes = append(out.Notes, note)
	}
	out.Fixes = append([]report.Fix{}, rep.Fixes...)
	for _, f := range rep.Fixes {
		if f.Verified {
			return &out // a verified rule fix is the answer; no more test runs
		}
	}
	if len(res.Fixes) > 0 {
		p.report("verifying the model's fixes…")
		outs, err := model.Repair(ctx, rep, opts, &res, fix.NewVerifier(rep))
		for _, o := range outs {
			out.Fixes = append(out.Fixes, fix.ToReport(o))
		}
		if err != nil {
			s.modelProblem(err)
		}
	}
	return &out
}

// modelProblem logs a model problem and shows its hint once.
func (s *Server) modelProblem(err error) {
	h := model.Hint(err)
	if h == "" {
		return // cancelled
	}
	s.logf(protocol.MessageTypeInfo, "sleuth: %s", h)
	s.mu.Lock()
	shown := s.modelHintShown
	s.modelHintShown = true
	s.mu.Unlock()
	if !shown {
		s.showMessage(protocol.MessageTypeInfo, "sleuth: the explanation comes from the evidence alone; %s (or set sleuth.features.model to false)", strings.TrimPrefix(h, "model: "))
	}
}

// throttled turns the model's streamed text into progress reports, at
// most a few a second, each with the latest words.
func throttled(p *progress, name string) func(field, text string) {
	var mu sync.Mutex // guards buf and last
	var buf strings.Builder
	var last time.Time
	return func(field, text string) {
		mu.Lock()
		defer mu.Unlock()
		buf.WriteString(text)
		if time.Since(last) < 250*time.Millisecond {
			return
		}
		last = time.Now()
		words := buf.String()
		if len(words) > 120 {
			words = "…" + words[len(words)-120:]
		}
		p.report(name + ": " + strings.ReplaceAll(words, "\n", " "))
	}
}

// redactor is the built-in redaction plus the user's patterns.
func (s *Server) redactor(st Settings) *redact.Redactor {
	var pats []string
	for _, re := range st.Redact {
		pats = append(pats, re.String())
	}
	r, err := redact.New(pats)
	if err != nil {
		return redact.Default // the patterns were compiled once already
	}
	return r
}
