package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"sync"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// Options configure a Server. The zero value is usable.
type Options struct {
	// Log receives the server's log lines (default os.Stderr). Never
	// stdout: in stdio mode that is the protocol stream.
	Log io.Writer
	// WorkerExe, CacheDir are passed to the capture engine (empty:
	// this executable, which calls capture.MaybeWorker, and the user
	// cache).
	WorkerExe string
	CacheDir  string
	// Name and Version are reported in the initialize result.
	Name, Version string
	// MaxMessage bounds one incoming message (default 256 MiB).
	MaxMessage int
}

// Server is one language server session: one client connection, its
// documents, settings and the results of the investigations it ran.
type Server struct {
	opts     Options
	log      *log.Logger
	handlers map[string]handler // read-only once Serve runs

	// ctx is the session's lifetime; stop cancels it at exit or when the
	// client goes away, which cancels every investigation (and so kills
	// every worker and target).
	ctx  context.Context
	stop context.CancelFunc

	conn *jsonrpc2.Conn
	q    *queue

	// jobs counts the server-owned goroutines (investigations, client
	// calls); Serve waits for them before returning.
	jobs sync.WaitGroup
	// calls counts the calls to the client waiting for an answer.
	calls sync.WaitGroup

	mu    sync.Mutex // guards everything below
	state lifecycle
	caps  clientCaps
	// modelHintShown is set once the user was told how to enable the model.
	modelHintShown bool
	settings       Settings
	docs           map[string]*document // by absolute path, open documents only
	res            *result              // the current investigation's results, nil when clear
	edits          map[string][]lineEdit
	published      map[string]bool // files that have sleuth diagnostics on the client
	running        map[int]*job    // investigations in flight, by id
	nextJob        int
	lastRequest    *investigateArgs // for sleuth.rerun
	sem            chan struct{}    // bounds concurrent investigations; sized at initialize
	reportDir      string           // holds the "Explain this failure" documents, removed at exit
	initOptions    json.RawMessage  // the settings given at initialize
	exited         bool             // the client sent exit
	shutdownSeen   bool             // the read loop saw a shutdown request
	clearedSeq     int              // jobs up to this one were cleared: their results are dropped
	rootDir        string           // the client's workspace root, for pasted traces
}

type lifecycle int

const (
	stateNew lifecycle = iota
	stateInitialized
	stateShutdown
)

// New returns a server ready to Serve one connection.
func New(opts Options) *Server {
	if opts.Log == nil {
		opts.Log = os.Stderr
	}
	if opts.MaxMessage <= 0 {
		opts.MaxMessage = 256 << 20
	}
	if opts.Name == "" {
		opts.Name = "sleuth"
	}
	return &Server{
		opts:      opts,
		handlers:  methods(),
		log:       log.New(opts.Log, "sleuth serve: ", log.LstdFlags|log.Lmsgprefix),
		settings:  DefaultSettings(),
		docs:      map[string]*document{},
		edits:     map[string][]lineEdit{},
		published: map[string]bool{},
		running:   map[int]*job{},
		sem:       make(chan struct{}, DefaultSettings().MaxInvestigations),
	}
}

// ErrExitWithoutShutdown is returned by Serve when the client sent exit
// without shutdown first (the protocol asks for exit status 1).
var ErrExitWithoutShutdown = errors.New("server: exit without shutdown")

// Serve speaks LSP over rwc until the client sends exit or the stream ends,
// then cancels every investigation, waits for its goroutines and returns.
// It reads messages on one goroutine (jsonrpc2's), which never blocks:
// requests and notifications are queued and handled in order by a second
// goroutine, and every slow piece of work runs in goroutines the server owns.
func (s *Server) Serve(ctx context.Context, rwc io.ReadWriteCloser) error {
	s.ctx, s.stop = context.WithCancel(ctx)
	defer s.stop()
	s.q = newQueue()
	st := newStream(rwc, s.opts.MaxMessage, s.log.Printf)
	st.atEOF = s.q.drain
	// reader only queues, so it never needs s.conn; the request goroutine,
	// which does, starts after the assignment.
	s.conn = jsonrpc2.NewConn(s.ctx, st, reader{s}, jsonrpc2.SetLogger(s.log))
	done := make(chan struct{})
	go func() { // owner: Serve; ends when the queue is closed
		defer close(done)
		s.q.run(s.serveCall)
	}()
	select {
	case <-s.conn.DisconnectNotify():
	case <-ctx.Done():
		s.conn.Close()
	}
	s.stop()
	s.q.close()
	<-done
	s.jobs.Wait()
	s.removeReportFile()
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.shutdownSeen && s.exited {
		return ErrExitWithoutShutdown
	}
	return nil
}

// notify sends a notification; errors mean the client is gone, which Serve
// notices on its own.
func (s *Server) notify(method string, params any) {
	if err := s.conn.Notify(s.ctx, method, params); err != nil && !errors.Is(err, jsonrpc2.ErrClosed) {
		s.log.Printf("notify %s: %v", method, err)
	}
}

// call sends a request to the client and waits for its answer. It must never
// run on the read loop or the request goroutine (glsp.md, fact 2): callers
// are server-owned goroutines.
//
// A call waits for the client's answer even after ctx ends (at most
// callTimeout): jsonrpc2 v0.2.0 panics when an answer arrives for a call
// it dropped at Close, so exit closes the connection only once the
// calls in flight are answered (calls, waitCalls).
func (s *Server) call(ctx context.Context, method string, params, result any) error {
	s.calls.Add(1)
	defer s.calls.Done()
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), callTimeout)
	defer cancel()
	return s.conn.Call(cctx, method, params, result)
}

// callTimeout bounds one server-to-client call.
const callTimeout = 10 * time.Second

// waitCalls waits, at most d, for the calls to the client in flight.
func (s *Server) waitCalls(d time.Duration) {
	done := make(chan struct{})
	go func() { // ends when the calls do; abandoned after d
		s.calls.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(d):
	}
}

// logf logs to stderr and, when connected, to the client's log.
func (s *Server) logf(typ protocol.MessageType, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	s.log.Print(msg)
	if s.conn != nil {
		s.notify("window/logMessage", protocol.LogMessageParams{Type: typ, Message: msg})
	}
}

// showMessage tells the user something they should act on.
func (s *Server) showMessage(typ protocol.MessageType, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	s.log.Print(msg)
	s.notify("window/showMessage", protocol.ShowMessageParams{Type: typ, Message: msg})
}

// goJob runs fn on a server-owned goroutine that Serve waits for; a panic
// in it is logged, never fatal.
func (s *Server) goJob(name string, fn func()) {
	s.jobs.Add(1)
	go func() {
		defer s.jobs.Done()
		defer func() {
			if r := recover(); r != nil {
				s.logf(protocol.MessageTypeError, "%s: internal error: %v", name, r)
			}
		}()
		fn()
	}()
}

// unmarshal decodes params into v with an invalid-params error.
func unmarshal(params json.RawMessage, v any) error {
	if len(params) == 0 {
		return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: "missing params"}
	}
	if err := json.Unmarshal(params, v); err != nil {
		return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: err.Error()}
	}
	return nil
}
