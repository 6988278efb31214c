package server

import (
	"context"
	"encoding/json"
	"fmt"
)

// job is a command running in the background.
type job struct {
	id     int
	seq    int             // results of jobs started before a clear or a newer result are dropped
	token  json.RawMessage // progress token, canonical JSON; nil without progress
	cancel context.CancelFunc
}

// progress reports one job through $/progress, when the client takes it.
// Its methods run on the job's goroutine only.
type progress struct {
	s     *Server
	token json.RawMessage
}

type workDone struct {
	Kind        string `json:"kind"`
	Title       string `json:"title,omitempty"`
	Cancellable bool   `json:"cancellable,omitempty"`
	Message     string `json:"message,omitempty"`
}

// beginProgress uses the client's token if it sent one, else creates one
// (a server→client request: this runs on the job's goroutine).
func (s *Server) beginProgress(ctx context.Context, j *job, title string, clientToken json.RawMessage) *progress {
	p := &progress{s: s}
	s.mu.Lock()
	create := s.caps.Window.WorkDoneProgress
	s.mu.Unlock()
	switch {
	case len(clientToken) > 0 && string(clientToken) != "null":
		p.token = clientToken
	case create:
		tok := json.RawMessage(fmt.Sprintf("%q", fmt.Sprintf("sleuth-%d", j.id)))
		if err := s.call(ctx, "window/workDoneProgress/create", map[string]any{"token": tok}, nil); err != nil {
			s.log.Printf("window/workDoneProgress/create: %v", err)
			return p
		}
		p.token = tok
	default:
		return p
	}
	s.mu.Lock()
	j.token = p.token
	s.mu.Unlock()
	p.send(workDone{Kind: "begin", Title: title, Cancellable: true})
	return p
}

func (p *progress) report(msg string) {
	p.s.log.Printf("progress: %s", msg)
	p.send(workDone{Kind: "report", Message: msg})
}

func (p *progress) end(msg string) { p.send(workDone{Kind: "end", Message: msg}) }

func (p *progress) send(v workDone) {
	if p.token == nil {
		return
	}
	p.s.notify("$/progress", map[string]any{"token": p.token, "value": v})
}

// workDoneProgressCancel cancels the job reporting under the token.
func (s *Server) workDoneProgressCancel(_ context.Context, raw json.RawMessage) (any, error) {
	var p struct {
		Token json.RawMessage `json:"token"`
	}
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, j := range s.running {
		if j.token != nil && sameJSON(j.token, p.Token) {
			j.cancel()
		}
	}
	return nil, nil
}

// sameJSON compares two JSON scalars (tokens are numbers or strings).
func sameJSON(a, b json.RawMessage) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return fmt.Sprint(x) == fmt.Sprint(y) && fmt.Sprintf("%T", x) == fmt.Sprintf("%T", y)
}

// refresh asks the client to re-request what depends on the results.
func (s *Server) refresh() {
	s.mu.Lock()
	inlay, lens := s.caps.Workspace.InlayHint.RefreshSupport, s.caps.Workspace.CodeLens.RefreshSupport
	s.mu.Unlock()
	if !inlay && !lens {
		return
	}
	s.goJob("refresh", func() {
		if inlay {
			_ = s.call(s.ctx, "workspace/inlayHint/refresh", nil, nil)
		}
		if lens {
			_ = s.call(s.ctx, "workspace/codeLens/refresh", nil, nil)
		}
	})
}
