package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/sourcegraph/jsonrpc2"
)

// Error codes the protocol adds to JSON-RPC's.
const (
	codeServerNotInitialized = -32002
	codeRequestCancelled     = -32800
)

// reader is the jsonrpc2 handler: it runs on the read loop, so it does
// nothing but queue. $/cancelRequest and exit are the exceptions: they must
// overtake whatever is queued.
type reader struct{ s *Server }

func (r reader) Handle(_ context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	s := r.s
	switch req.Method {
	case "$/cancelRequest":
		var p struct {
			ID jsonrpc2.ID `json:"id"`
		}
		if req.Params != nil && json.Unmarshal(*req.Params, &p) == nil {
			s.q.cancel(p.ID)
		}
		return
	case "shutdown":
		// Noted here, in arrival order: an exit right behind it must not
		// count as an exit without shutdown because the queue lags.
		s.mu.Lock()
		s.shutdownSeen = true
		s.mu.Unlock()
	case "exit":
		// Investigations stop now; the connection closes when the queue
		// reaches the exit, so that what came before it is answered.
		s.mu.Lock()
		s.exited = true
		for _, j := range s.running {
			j.cancel()
		}
		s.mu.Unlock()
	}
	c := &call{req: req}
	c.ctx, c.cancel = context.WithCancel(s.ctx)
	s.q.push(c)
}

// call is one queued request or notification, or a barrier.
type call struct {
	req    *jsonrpc2.Request
	ctx    context.Context
	cancel context.CancelFunc
	// barrier, when set, is closed when the queue reaches this call (or
	// closes); such a call has no request.
	barrier chan struct{}
}

// drain waits until everything queued so far has been handled, or a
// while at most: handlers are instant, so a long wait means a bug, and the
// read loop must not hang on it.
func (q *queue) drain() {
	done := make(chan struct{})
	q.push(&call{barrier: done, cancel: func() {}})
	t := time.NewTimer(10 * time.Second)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
	}
}

// release ends a call: cancels its context, opens its barrier.
func (c *call) release() {
	c.cancel()
	if c.barrier != nil {
		close(c.barrier)
	}
}

// queue holds calls in arrival order. It is unbounded so that the read loop
// never waits for the request goroutine.
type queue struct {
	mu      sync.Mutex // guards calls, pending, closed
	calls   []*call
	pending map[jsonrpc2.ID]*call // requests queued or being handled, for $/cancelRequest
	closed  bool
	wake    chan struct{} // capacity 1: "calls changed"
}

func newQueue() *queue {
	return &queue{pending: map[jsonrpc2.ID]*call{}, wake: make(chan struct{}, 1)}
}

func (q *queue) push(c *call) {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		c.release()
		return
	}
	q.calls = append(q.calls, c)
	if c.req != nil && !c.req.Notif {
		q.pending[c.req.ID] = c
	}
	q.mu.Unlock()
	q.signal()
}

func (q *queue) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// cancel cancels a queued or running request; it then answers
// RequestCancelled unless it already finished.
func (q *queue) cancel(id jsonrpc2.ID) {
	q.mu.Lock()
	c := q.pending[id]
	q.mu.Unlock()
	if c != nil {
		c.cancel()
	}
}

func (q *queue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.signal()
}

// run handles calls one at a time, in order, until close; calls still
// queued then are dropped (the connection is gone).
func (q *queue) run(serve func(*call)) {
	for range q.wake {
		for {
			q.mu.Lock()
			if q.closed {
				for _, c := range q.calls {
					c.release()
				}
				q.calls = nil
				q.mu.Unlock()
				return
			}
			if len(q.calls) == 0 {
				q.mu.Unlock()
				break
			}
			c := q.calls[0]
			q.calls[0] = nil
			q.calls = q.calls[1:]
			q.mu.Unlock()
			if c.req != nil {
				serve(c)
				q.mu.Lock()
				if !c.req.Notif {
					delete(q.pending, c.req.ID)
				}
				q.mu.Unlock()
			}
			c.release()
		}
	}
}

// serveCall handles one call on the request goroutine and answers it: with
// the result, with the handler's error, with RequestCancelled when the
// client gave up on it, with InternalError when the handler panicked.
func (s *Server) serveCall(c *call) {
	var params json.RawMessage
	if c.req.Params != nil {
		params = *c.req.Params
	}
	var (
		res any
		err error
	)
	if c.ctx.Err() != nil {
		err = errCancelled
	} else {
		res, err = s.dispatch(c.ctx, c.req.Method, params, c.req.Notif)
		if c.ctx.Err() != nil && !c.req.Notif && s.ctx.Err() == nil {
			res, err = nil, errCancelled
		}
	}
	if c.req.Notif {
		if err != nil {
			s.log.Printf("%s: %v", c.req.Method, err)
		}
		return
	}
	if err != nil {
		var rpcErr *jsonrpc2.Error
		if !errors.As(err, &rpcErr) {
			rpcErr = &jsonrpc2.Error{Code: jsonrpc2.CodeInternalError, Message: err.Error()}
		}
		if e := s.conn.ReplyWithError(s.ctx, c.req.ID, rpcErr); e != nil && !errors.Is(e, jsonrpc2.ErrClosed) {
			s.log.Printf("replying to %s: %v", c.req.Method, e)
		}
		return
	}
	if e := s.conn.Reply(s.ctx, c.req.ID, res); e != nil && !errors.Is(e, jsonrpc2.ErrClosed) {
		s.log.Printf("replying to %s: %v", c.req.Method, e)
	}
}

var errCancelled = &jsonrpc2.Error{Code: codeRequestCancelled, Message: "request cancelled"}

// dispatch finds the method's handler and runs it, turning a panic into an
// error so that one bad request never takes the server down.
func (s *Server) dispatch(ctx context.Context, method string, params json.RawMessage, notif bool) (res any, err error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Printf("%s: panic: %v\n%s", method, r, debug.Stack())
			res, err = nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInternalError, Message: fmt.Sprintf("internal error in %s: %v", method, r)}
		}
	}()
	if method == "exit" {
		s.stop()
		s.waitCalls(2 * time.Second) // see Server.call
		s.conn.Close()
		return nil, nil
	}
	h, ok := s.handlers[method]
	if !ok {
		if notif {
			return nil, nil // unknown notifications are ignored, as the protocol asks
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: "method not supported: " + method}
	}
	s.mu.Lock()
	st := s.state
	s.mu.Unlock()
	switch {
	case st == stateNew && method != "initialize":
		if notif {
			return nil, nil
		}
		return nil, &jsonrpc2.Error{Code: codeServerNotInitialized, Message: "the server is not initialized"}
	case st != stateNew && method == "initialize":
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: "initialize sent twice"}
	case st == stateShutdown && method != "shutdown":
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: "the server is shutting down"}
	}
	return h(s, ctx, params)
}

// handler is the shape of every LSP method the server answers.
type handler func(s *Server, ctx context.Context, params json.RawMessage) (any, error)

// methods is the method table: one short handler per LSP method.
func methods() map[string]handler {
	return map[string]handler{
		"initialize":                       (*Server).initialize,
		"initialized":                      (*Server).initialized,
		"shutdown":                         (*Server).shutdown,
		"textDocument/didOpen":             (*Server).didOpen,
		"textDocument/didChange":           (*Server).didChange,
		"textDocument/didClose":            (*Server).didClose,
		"textDocument/didSave":             (*Server).didSave,
		"textDocument/hover":               (*Server).hover,
		"textDocument/codeLens":            (*Server).codeLens,
		"textDocument/codeAction":          (*Server).codeAction,
		"textDocument/inlayHint":           (*Server).inlayHint,
		"workspace/executeCommand":         (*Server).executeCommand,
		"workspace/didChangeConfiguration": (*Server).didChangeConfiguration,
		"window/workDoneProgress/cancel":   (*Server).workDoneProgressCancel,
	}
}
