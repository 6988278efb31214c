package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// awaitTimeout guards every Await: a bug shows as a clear failure instead
// of a hung test. Waiting itself is on notifications, never on sleeps.
var awaitTimeout = 3 * time.Minute

// fakeClient is an in-process LSP client talking to a real Server over a
// pipe. It records everything the server sends and answers the server's
// requests as an editor would.
type fakeClient struct {
	t    testing.TB
	srv  *Server
	conn *jsonrpc2.Conn
	logs *syncBuffer
	done chan error // Serve's result

	mu       sync.Mutex // guards everything below
	changed  chan struct{}
	diags    map[string][]protocol.Diagnostic // by path, the latest
	progress []workDone
	tokens   []json.RawMessage // of progress begins
	messages []string          // window/showMessage
	shown    []string          // window/showDocument URIs
	requests []string          // methods of server→client requests
	settings json.RawMessage
}

type clientOptions struct {
	caps        map[string]any
	initOptions any
	settings    any // answered to workspace/configuration
}

// cacheDir is shared by every test binary run, so builds are cached.
func cacheDir() string { return filepath.Join(os.TempDir(), "sleuth-test-cache") }

// newClient starts a server and a client on a pipe and initializes it.
func newClient(t testing.TB, o clientOptions) *fakeClient {
	t.Helper()
	srvSide, cliSide := net.Pipe()
	c := &fakeClient{t: t, logs: &syncBuffer{}, done: make(chan error, 1), changed: make(chan struct{}), diags: map[string][]protocol.Diagnostic{}}
	if o.settings != nil {
		c.settings, _ = json.Marshal(o.settings)
	}
	exe, _ := os.Executable()
	s := New(Options{Log: c.logs, CacheDir: cacheDir(), WorkerExe: exe, Version: "test"})
	c.srv = s
	go func() { c.done <- s.Serve(context.Background(), srvSide) }()
	// The client must not handle messages on the read loop (glsp.md, fact 6).
	c.conn = jsonrpc2.NewConn(context.Background(), jsonrpc2.NewBufferedStream(cliSide, jsonrpc2.VSCodeObjectCodec{}), jsonrpc2.AsyncHandler(c))
	t.Cleanup(func() {
		c.close()
		if t.Failed() {
			t.Logf("server log:\n%s", c.logs.String())
		}
	})
	caps := o.caps
	if caps == nil {
		caps = fullCaps()
	}
	if o.initOptions == nil {
		// No model unless a test asks: a developer's running Ollama must
		// not change what the tests see.
		o.initOptions = map[string]any{"features": map[string]any{"model": false}}
	}
	var res json.RawMessage
	c.callT("initialize", map[string]any{"capabilities": caps, "initializationOptions": o.initOptions, "rootUri": ""}, &res)
	c.notify("initialized", map[string]any{})
	return c
}

// fullCaps is what VS Code advertises, as far as the server cares.
func fullCaps() map[string]any {
	return map[string]any{
		"workspace": map[string]any{"configuration": true, "inlayHint": map[string]any{"refreshSupport": true}},
		"window":    map[string]any{"workDoneProgress": true, "showDocument": map[string]any{"support": true}},
	}
}

// close shuts the session down politely and waits for Serve, which waits
// for every investigation: nothing is left running after a test.
func (c *fakeClient) close() {
	ctx, cancel := context.WithTimeout(context.Background(), awaitTimeout)
	defer cancel()
	_ = c.conn.Call(ctx, "shutdown", nil, nil)
	_ = c.conn.Notify(ctx, "exit", nil)
	select {
	case err := <-c.done:
		if err != nil {
			c.t.Errorf("Serve: %v", err)
		}
	case <-ctx.Done():
		c.t.Errorf("Serve did not return after exit")
	}
	c.conn.Close()
}

// Handle implements jsonrpc2.Handler for what the server sends.
func (c *fakeClient) Handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	var params json.RawMessage
	if req.Params != nil {
		params = *req.Params
	}
	c.mu.Lock()
	var reply any
	switch req.Method {
	case "textDocument/publishDiagnostics":
		var p protocol.PublishDiagnosticsParams
		json.Unmarshal(params, &p)
		c.diags[uriToPath(p.URI)] = p.Diagnostics
	case "$/progress":
		var p struct {
			Token json.RawMessage `json:"token"`
			Value workDone        `json:"value"`
		}
		json.Unmarshal(params, &p)
		c.progress = append(c.progress, p.Value)
		if p.Value.Kind == "begin" {
			c.tokens = append(c.tokens, p.Token)
		}
	case "window/showMessage":
		var p protocol.ShowMessageParams
		json.Unmarshal(params, &p)
		c.messages = append(c.messages, p.Message)
	case "window/showDocument":
		var p struct {
			URI string `json:"uri"`
		}
		json.Unmarshal(params, &p)
		c.shown = append(c.shown, p.URI)
		reply = map[string]bool{"success": true}
	case "workspace/configuration":
		reply = []json.RawMessage{c.settings}
		if c.settings == nil {
			reply = []any{nil}
		}
	}
	if !req.Notif {
		c.requests = append(c.requests, req.Method)
	}
	close(c.changed)
	c.changed = make(chan struct{})
	c.mu.Unlock()
	if !req.Notif {
		conn.Reply(ctx, req.ID, reply)
	}
}

// await waits until cond, evaluated under the lock after every message
// from the server, holds.
func (c *fakeClient) await(what string, cond func() bool) {
	c.t.Helper()
	deadline := time.NewTimer(awaitTimeout)
	defer deadline.Stop()
	for {
		c.mu.Lock()
		ok, ch := cond(), c.changed
		c.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-ch:
		case <-deadline.C:
			c.mu.Lock()
			state := fmt.Sprintf("diagnostics %v\nprogress %v\nmessages %q", c.diags, c.progress, c.messages)
			c.mu.Unlock()
			c.t.Fatalf("timed out waiting for %s; client state:\n%s", what, state)
		}
	}
}

// awaitEnd waits for the end of the n-th progress (1-based) and returns
// its message.
func (c *fakeClient) awaitEnd(n int) string {
	c.t.Helper()
	var msg string
	c.await("progress end", func() bool {
		k := 0
		for _, p := range c.progress {
			if p.Kind == "end" {
				k++
				if k == n {
					msg = p.Message
					return true
				}
			}
		}
		return false
	})
	return msg
}

func (c *fakeClient) call(method string, params, result any) error {
	ctx, cancel := context.WithTimeout(context.Background(), awaitTimeout)
	defer cancel()
	return c.conn.Call(ctx, method, params, result)
}

func (c *fakeClient) callT(method string, params, result any) {
	c.t.Helper()
	if err := c.call(method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *fakeClient) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *fakeClient) open(path string) {
	c.t.Helper()
	text, err := os.ReadFile(path)
	if err != nil {
		c.t.Fatal(err)
	}
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": pathToURI(path), "languageId": "go", "version": 1, "text": string(text)}})
}

func (c *fakeClient) command(name string, args ...any) json.RawMessage {
	c.t.Helper()
	var res json.RawMessage
	c.callT("workspace/executeCommand", map[string]any{"command": name, "arguments": args}, &res)
	return res
}

func (c *fakeClient) diagnostics(path string) []protocol.Diagnostic {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.diags[path]
}

// syncBuffer is the server's log, shown when a test fails.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func (b *syncBuffer) contains(s string) bool { return strings.Contains(b.String(), s) }
