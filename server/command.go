package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/capture"
	"github.com/sleuth-dev/sleuth/analysis/investigate"
	"github.com/sleuth-dev/sleuth/analysis/model"
	"github.com/sleuth-dev/sleuth/analysis/report"
	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// investigateArgs is the argument of sleuth.investigate and
// sleuth.captureHere.
type investigateArgs struct {
	URI  protocol.DocumentUri `json:"uri"`
	Test string               `json:"test,omitempty"`
	Run  string               `json:"run,omitempty"`
	// Line (0-based, captureHere only) is the snapshot point.
	Line *int `json:"line,omitempty"`
}

// explainArgs is the argument of sleuth.explainTrace: a pasted trace.
type explainArgs struct {
	Text string `json:"text"`
	// Root is the workspace (URI or path) to map the trace's files onto;
	// default: the module around the client's root.
	Root string `json:"root,omitempty"`
}

type commandParams struct {
	Command       string            `json:"command"`
	Arguments     []json.RawMessage `json:"arguments"`
	WorkDoneToken json.RawMessage   `json:"workDoneToken"`
}

// commandStarted is the result of a command that runs in the background.
type commandStarted struct {
	Job int `json:"job"`
}

func (s *Server) executeCommand(_ context.Context, raw json.RawMessage) (any, error) {
	var p commandParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	arg := func(v any) error {
		if len(p.Arguments) != 1 {
			return invalidParams("%s takes one argument, got %d", p.Command, len(p.Arguments))
		}
		if err := json.Unmarshal(p.Arguments[0], v); err != nil {
			return invalidParams("%s: %v", p.Command, err)
		}
		return nil
	}
	switch p.Command {
	case cmdInvestigate, cmdCaptureHere:
		var a investigateArgs
		if err := arg(&a); err != nil {
			return nil, err
		}
		if uriToPath(a.URI) == "" {
			return nil, invalidParams("%s: uri %q is not a file URI", p.Command, a.URI)
		}
		if p.Command == cmdCaptureHere && a.Line == nil {
			return nil, invalidParams("%s: needs a line", p.Command)
		}
		return s.startInvestigation(&a, p.WorkDoneToken), nil
	case cmdRerun:
		s.mu.Lock()
		last := s.lastRequest
		s.mu.Unlock()
		if last == nil {
			return nil, invalidParams("nothing to re-run yet: run sleuth.investigate first")
		}
		return s.startInvestigation(last, p.WorkDoneToken), nil
	case cmdExplain:
		var a explainArgs
		if len(p.Arguments) == 1 && json.Unmarshal(p.Arguments[0], &a.Text) == nil {
			// a bare string
		} else if err := arg(&a); err != nil {
			return nil, err
		}
		if strings.TrimSpace(a.Text) == "" {
			return nil, invalidParams("%s: no text to explain", p.Command)
		}
		return s.startExplain(&a, p.WorkDoneToken), nil
	case cmdClear:
		s.clear()
		return nil, nil
	case cmdShowReport:
		return s.showReport()
	}
	return nil, invalidParams("unknown command %q", p.Command)
}

func invalidParams(format string, args ...any) error {
	return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: fmt.Sprintf(format, args...)}
}

// runCommand is how every background command runs: a context detached from
// the request (it ends with the job or the session), a progress begun under
// the client's token or one of ours, the cancel registered under that token,
// and an end that always says completed, failed or canceled. It returns at
// once; the job's goroutine is owned by the server and waited for by Serve.
func (s *Server) runCommand(title string, token json.RawMessage, work func(ctx context.Context, j *job, p *progress) (string, error)) commandStarted {
	ctx, cancel := context.WithCancel(s.ctx)
	s.mu.Lock()
	s.nextJob++
	j := &job{id: s.nextJob, seq: s.nextJob, cancel: cancel}
	s.running[j.id] = j
	s.mu.Unlock()
	s.goJob(title, func() {
		defer func() {
			cancel()
			s.mu.Lock()
			delete(s.running, j.id)
			s.mu.Unlock()
		}()
		p := s.beginProgress(ctx, j, title, token)
		summary, err := work(ctx, j, p)
		switch {
		case ctx.Err() != nil:
			p.end("canceled")
			s.logf(protocol.MessageTypeInfo, "%s: canceled", title)
		case err != nil:
			p.end("failed: " + err.Error())
			s.showMessage(protocol.MessageTypeError, "%s: %s", title, userError(err))
		default:
			p.end(summary)
		}
	})
	return commandStarted{Job: j.id}
}

// userError words an engine error for a person.
func userError(err error) string {
	msg := err.Error()
	for _, p := range []string{"capture: ", "investigate: ", "postmortem: "} {
		msg = strings.TrimPrefix(msg, p)
	}
	return msg
}

func (s *Server) startInvestigation(a *investigateArgs, token json.RawMessage) commandStarted {
	s.mu.Lock()
	s.lastRequest = a
	s.mu.Unlock()
	title := "sleuth: investigating"
	if a.Test != "" {
		title += " " + a.Test
	}
	return s.runCommand(title, token, func(ctx context.Context, j *job, p *progress) (string, error) {
		req, err := s.request(a)
		if err != nil {
			return "", err
		}
		s.mu.Lock()
		sem := s.sem
		s.mu.Unlock()
		select {
		case sem <- struct{}{}:
		default:
			p.report("waiting for another investigation to finish")
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return "", ctx.Err()
			}
		}
		defer func() { <-sem }()
		rep, err := investigate.Run(ctx, req, s.hooks(p, req, func(rep *report.Report) {
			s.setResult(newResult(j.seq, rep, a)) // diagnostics first; fixes and the model follow
		}))
		if err != nil {
			return "", err
		}
		s.setResult(newResult(j.seq, rep, a))
		return summary(rep), nil
	})
}

func (s *Server) startExplain(a *explainArgs, token json.RawMessage) commandStarted {
	return s.runCommand("sleuth: explaining the trace", token, func(ctx context.Context, j *job, p *progress) (string, error) {
		root := a.Root
		if p := uriToPath(protocol.DocumentUri(root)); p != "" {
			root = p
		}
		s.mu.Lock()
		if root == "" {
			root = s.rootDir
		}
		redact := s.settings.Redact
		s.mu.Unlock()
		rep, err := investigate.Explain([]byte(a.Text), root, redact)
		if err != nil {
			return "", err
		}
		s.setResult(newResult(j.seq, rep, nil))
		return summary(rep), nil
	})
}

// summary is the progress end message.
func summary(rep *report.Report) string {
	if rep.Failure == nil {
		return "passed: nothing failed"
	}
	return string(rep.Failure.Kind) + ": " + firstLine(rep.Failure.Message)
}

// request turns command arguments and settings into an engine request.
func (s *Server) request(a *investigateArgs) (investigate.Request, error) {
	file := uriToPath(a.URI)
	dir := filepath.Dir(file)
	s.mu.Lock()
	st := s.settings
	d := s.textOf(file)
	s.mu.Unlock()
	req := investigate.Request{
		Dir:       dir,
		Test:      a.Test,
		Run:       a.Run,
		Timeout:   st.Timeout,
		HangAfter: st.HangAfter,
		AtHits:    st.SnapshotHits,
		Limits:    capture.Limits{MaxStringLen: st.MaxString, MaxArrayValues: st.MaxArray, MaxUserFrames: st.MaxFrames},
		CacheDir:  s.opts.CacheDir,
		WorkerExe: s.opts.WorkerExe,
		Redact:    st.Redact,
		// A capture-here run wants the values, not a second run.
		NoHypotheses: !st.Hypotheses || a.Line != nil,
		NoFixes:      !st.Fixes,
		// Like the re-run: a capture-here run wants the values.
		NoExperiments: !st.Experiments || a.Line != nil,
		Model: investigate.ModelRequest{Off: !st.Model, Config: model.Config{Host: st.OllamaHost, Model: st.OllamaModel},
			TurnOff: "set sleuth.features.model to false"},
		Memory: investigate.MemoryRequest{Off: !st.Memory},
	}
	if req.HangAfter == 0 {
		req.HangAfter = -1
	}
	if a.Line != nil {
		req.At = []string{fmt.Sprintf("%s:%d", file, *a.Line+1)}
	}
	if a.Test == "" && a.Run == "" && !strings.HasSuffix(file, "_test.go") && d != nil && packageName(d.text) == "main" {
		req.Mode = "run"
		req.Timeout = st.Timeout
	}
	if _, err := os.Stat(dir); err != nil {
		return req, fmt.Errorf("package directory: %w", err)
	}
	return req, nil
}

// packageName reads the package clause.
func packageName(src []byte) string {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.PackageClauseOnly)
	if err != nil {
		return ""
	}
	return f.Name.Name
}

// setResult makes res the current result unless a newer one, or a clear,
// came after the job started; then publishes and asks for refreshes.
func (s *Server) setResult(res *result) {
	s.mu.Lock()
	if (s.res != nil && s.res.seq > res.seq) || res.seq <= s.clearedSeq {
		s.mu.Unlock()
		return
	}
	s.res = res
	s.edits = map[string][]lineEdit{}
	// Open buffers that differ from the disk text the result was read
	// from (unsaved edits) start with that difference as an edit.
	for path, d := range s.docs {
		if old := res.files[path]; old != nil && !bytes.Equal(old.text, d.text) {
			s.edits[path] = []lineEdit{wholeEdit(old, d)}
		}
	}
	s.mu.Unlock()
	s.publishAll()
	s.refresh()
}

// clear drops the results and stops running investigations.
func (s *Server) clear() {
	s.mu.Lock()
	for _, j := range s.running {
		j.cancel()
	}
	s.clearedSeq = s.nextJob
	s.res = nil
	s.edits = map[string][]lineEdit{}
	s.mu.Unlock()
	s.publishAll()
	s.refresh()
}

// showReport shows the full report as a Markdown document: written to a
// file the server owns and opened with window/showDocument when the client
// can; the Markdown and the report (the JSON of sleuth test --json) are
// the command's result.
func (s *Server) showReport() (any, error) {
	s.mu.Lock()
	res := s.res
	canShow := s.caps.Window.ShowDocument.Support
	dir := s.reportDir
	s.mu.Unlock()
	if res == nil {
		return nil, invalidParams("no investigation results: run sleuth.investigate first")
	}
	md := reportMarkdown(res)
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "sleuth-serve-"); err != nil {
			return nil, err
		}
		s.mu.Lock()
		s.reportDir = dir
		s.mu.Unlock()
	}
	path := filepath.Join(dir, fmt.Sprintf("sleuth-report-%d.md", res.seq))
	if err := os.WriteFile(path, []byte(md), 0o600); err != nil {
		return nil, err
	}
	uri := pathToURI(path)
	if canShow {
		s.goJob("window/showDocument", func() {
			ctx, cancel := context.WithTimeout(s.ctx, time.Minute)
			defer cancel()
			var r struct{ Success bool }
			if err := s.call(ctx, "window/showDocument", map[string]any{"uri": uri, "takeFocus": true}, &r); err != nil && !errors.Is(err, context.Canceled) {
				s.log.Printf("window/showDocument: %v", err)
			}
		})
	}
	// The report itself too, for clients (and tests) that want the data.
	return map[string]any{"uri": uri, "markdown": md, "report": res.rep}, nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
