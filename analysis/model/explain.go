package model

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/sleuth-dev/sleuth/analysis/fix"
	"github.com/sleuth-dev/sleuth/analysis/redact"
	"github.com/sleuth-dev/sleuth/analysis/report"
	"github.com/sleuth-dev/sleuth/analysis/source"
)

// Options configures Explain and Repair.
type Options struct {
	Client *Client
	// Root is the workspace (module) root; empty means the module holding
	// the report's target directory.
	Root string
	// Past are similar past incidents, most similar first.
	Past []Past
	// Redactor masks secrets before anything is sent; nil means
	// redact.Default (built-in rules). Redaction cannot be turned off.
	Redactor *redact.Redactor
	// OnChunk, when set, receives the reply's raw pieces as they arrive.
	OnChunk func(chunk string)
	// OnText, when set, receives the text of the reply's summary and
	// explanation as it arrives (field is "summary" or "explanation"), for
	// progress a person can read.
	OnText func(field, text string)
	// Rounds bounds Repair's model calls (default 3).
	Rounds int
}

// Result is the model's validated answer.
type Result struct {
	// Explanation has Source "model" and the model's name.
	Explanation report.Explanation
	// Fixes passed validation; they are not verified yet (see Repair).
	Fixes []fix.Candidate
	// Dropped says which proposed fixes were dropped, and why.
	Dropped []string
	// Cut lists the evidence left out of the prompt to fit num_ctx.
	Cut    []string
	Prompt Prompt
	Reply  Reply
}

// Explain asks the model about rep's failure. The report is redacted
// before the prompt is built. On a model problem the error is an *Error
// (see Hint) and the caller keeps the evidence explanation; when ctx ends
// the error is ctx's.
func Explain(ctx context.Context, rep *report.Report, opts Options) (Result, error) {
	return explain(ctx, rep, opts, nil)
}

func explain(ctx context.Context, rep *report.Report, opts Options, tried []Attempt) (Result, error) {
	c := opts.Client
	if c == nil {
		c = NewClient(Config{})
	}
	root := opts.Root
	if root == "" {
		root = WorkspaceRoot(rep)
	}
	p := Build(Input{
		Report:        rep,
		Root:          root,
		Past:          opts.Past,
		Tried:         tried,
		Budget:        BudgetFor(c.NumCtx(), c.NumPredict()),
		BytesPerToken: c.BytesPerToken(),
		Redactor:      opts.Redactor,
	})
	res := Result{Cut: p.Cut, Prompt: p}
	req := Request{
		Messages: []Message{{Role: "system", Content: p.System}, {Role: "user", Content: p.User}},
		Format:   Schema,
	}
	if opts.OnChunk != nil || opts.OnText != nil {
		var ts *textStream
		if opts.OnText != nil {
			ts = newTextStream(opts.OnText, "summary", "explanation")
		}
		req.OnChunk = func(chunk string) {
			if opts.OnChunk != nil {
				opts.OnChunk(chunk)
			}
			if ts != nil {
				ts.Write(chunk)
			}
		}
	}
	reply, err := c.Chat(ctx, req)
	res.Reply = reply
	if err != nil {
		return res, err
	}
	if reply.DoneReason == "length" {
		return res, c.garbage("the reply was cut at num_predict=%d tokens", c.NumPredict())
	}
	a, err := ParseAnswer(reply.Content)
	if err != nil {
		return res, c.garbage("%v", err)
	}
	chk := check(a, root)
	res.Fixes, res.Dropped = chk.fixes, chk.dropped
	res.Explanation = report.Explanation{
		Summary:   strings.TrimSpace(a.Summary),
		Details:   strings.TrimSpace(a.Explanation),
		Source:    "model",
		Model:     c.Model(),
		Truncated: len(p.Cut) > 0,
		RootCause: chk.rootCause,
	}
	return res, nil
}

// WorkspaceRoot is the module root of rep's target: the directory holding
// the go.mod above the target directory (or the failure's file).
func WorkspaceRoot(rep *report.Report) string {
	dir := rep.Target.Dir
	if dir == "" && rep.Failure != nil && rep.Failure.Location.File != "" {
		dir = filepath.Dir(rep.Failure.Location.File)
	}
	if dir == "" {
		dir, _ = os.Getwd()
	}
	return source.ModuleRoot(dir)
}

// CutNote is the report note for evidence left out of the prompt, or "".
func CutNote(res Result, numCtx int) string {
	if len(res.Cut) == 0 {
		return ""
	}
	cut := res.Cut
	if len(cut) > 6 {
		cut = append(cut[:6:6], fmt.Sprintf("%d more", len(res.Cut)-6))
	}
	return fmt.Sprintf("model: evidence left out of the prompt to fit num_ctx %d: %s", numCtx, strings.Join(cut, ", "))
}
