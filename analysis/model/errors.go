package model

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/ollama/ollama/api"
)

// Kind classifies a model problem.
type Kind int

// The kinds of model problems. Each degrades to the evidence explanation.
const (
	// NotRunning: nothing answers at the host.
	NotRunning Kind = iota + 1
	// ModelMissing: Ollama answers but does not have the model.
	ModelMissing
	// Timeout: the model did not finish in time.
	Timeout
	// Garbage: the reply is not the structured output asked for.
	Garbage
	// Failed: anything else Ollama reported (a model that fails to load,
	// out of memory, ...).
	Failed
)

func (k Kind) String() string {
	switch k {
	case NotRunning:
		return "not running"
	case ModelMissing:
		return "model missing"
	case Timeout:
		return "timeout"
	case Garbage:
		return "garbage"
	case Failed:
		return "failed"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Error is a model problem. Errors.Is matches it against the sentinels
// ErrNotRunning, ErrModelMissing, ErrTimeout and ErrGarbage by Kind.
type Error struct {
	Kind  Kind
	Model string
	Host  string
	// After is the time limit that ran out (Timeout only).
	After time.Duration
	Err   error
}

// Sentinels for errors.Is.
var (
	ErrNotRunning   = &Error{Kind: NotRunning}
	ErrModelMissing = &Error{Kind: ModelMissing}
	ErrTimeout      = &Error{Kind: Timeout}
	ErrGarbage      = &Error{Kind: Garbage}
)

func (e *Error) Error() string {
	msg := "model: " + e.Kind.String()
	if e.Model != "" {
		msg += " (" + e.Model + ")"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Is matches an *Error with the same Kind (the sentinels have no Err).
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Err == nil && t.Model == "" && t.Kind == e.Kind
}

// Hint is the one line to show the user: what happened and how to get the
// model's explanations. The front end adds how to turn the model off
// ("or pass --no-model").
func (e *Error) Hint() string {
	switch e.Kind {
	case NotRunning:
		return fmt.Sprintf("no Ollama answers at %s: start it (`ollama serve`) and run `ollama pull %s` for model explanations", e.Host, e.Model)
	case ModelMissing:
		return fmt.Sprintf("model %s is not available: run `ollama pull %s`", e.Model, e.Model)
	case Timeout:
		return fmt.Sprintf("model %s did not answer within %s: try a smaller model (--model NAME)", e.Model, e.After.Round(time.Millisecond))
	case Garbage:
		return fmt.Sprintf("model %s returned no usable answer: try another model (--model NAME)", e.Model)
	}
	msg := "model " + e.Model + " failed"
	if e.Err != nil {
		msg += ": " + firstLine(e.Err.Error())
	}
	return msg
}

// Hint returns the hint line for any error Explain or Repair returned, or ""
// for nil and for cancellation (the user asked for it: nothing to hint).
func Hint(err error) string {
	var e *Error
	switch {
	case err == nil, errors.Is(err, context.Canceled):
		return ""
	case errors.As(err, &e):
		return e.Hint()
	}
	return "model: " + firstLine(err.Error())
}

// classify turns what the Ollama client returned into an *Error. parent is
// the caller's context: its end is cancellation, returned as is, while our
// own time limit is a Timeout.
func (c *Client) classify(parent context.Context, err error, limit time.Duration) error {
	if err == nil {
		return nil
	}
	if perr := parent.Err(); perr != nil {
		return perr
	}
	e := &Error{Model: c.model, Host: c.base.String(), Err: err}
	var status api.StatusError
	var netErr net.Error
	var opErr *net.OpError
	var syntax *json.SyntaxError
	switch {
	case errors.As(err, &syntax), strings.HasPrefix(err.Error(), "unmarshal:"):
		// Not Ollama's NDJSON: a server that is not Ollama, or a broken
		// reply.
		e.Kind = Garbage
	case errors.As(err, &status):
		e.Kind = Failed
		if status.StatusCode == 404 || strings.Contains(status.ErrorMessage, "not found") {
			e.Kind = ModelMissing
		}
	case strings.Contains(err.Error(), "not found, try pulling"):
		// Ollama's stream reports a missing model as a plain error line.
		e.Kind = ModelMissing
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout() && !isDial(err):
		e.Kind, e.After = Timeout, limit
	case errors.Is(err, syscall.ECONNREFUSED), errors.As(err, &opErr) && opErr.Op == "dial", isDNS(err):
		e.Kind = NotRunning
	default:
		var uerr *url.Error
		if errors.As(err, &uerr) {
			// The connection broke: a server that is not Ollama, or one
			// that died mid-reply.
			e.Kind = NotRunning
		} else {
			e.Kind = Failed
		}
	}
	return e
}

func isDial(err error) bool {
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}

func isDNS(err error) bool {
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
