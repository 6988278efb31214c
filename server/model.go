package server

import (
	"strings"
	"sync"
	"time"

	"github.com/tliron/glsp/protocol_3_16"

	"github.com/sleuth-dev/sleuth/analysis/investigate"
	"github.com/sleuth-dev/sleuth/analysis/model"
	"github.com/sleuth-dev/sleuth/analysis/report"
)

// hooks are an investigation's engine hooks: phases and the model's words
// as progress reports, each stage's report published as it arrives (the
// diagnostics do not wait for fixes or the model), and a model problem
// logged with its hint shown once per session.
func (s *Server) hooks(p *progress, req investigate.Request, publish func(*report.Report)) investigate.Hooks {
	h := investigate.Hooks{
		Progress:     func(ph investigate.Phase) { p.report(string(ph) + "…") },
		Publish:      func(_ investigate.Stage, rep *report.Report) { publish(rep) },
		ModelProblem: s.modelProblem,
	}
	if !req.Model.Off {
		h.ModelText = throttled(p, model.NewClient(req.Model.Config).Model())
	}
	return h
}

// modelProblem logs a model problem and shows its hint once.
func (s *Server) modelProblem(hint string) {
	s.logf(protocol.MessageTypeInfo, "sleuth: %s", hint)
	s.mu.Lock()
	shown := s.modelHintShown
	s.modelHintShown = true
	s.mu.Unlock()
	if !shown {
		s.showMessage(protocol.MessageTypeInfo, "sleuth: the explanation comes from the evidence alone; %s (or set sleuth.features.model to false)", strings.TrimPrefix(hint, "model: "))
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
