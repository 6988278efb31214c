package server

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"
)

// rawClient writes bytes to a server and reads its framed answers.
type rawClient struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
	done chan error
	out  chan string // written in order by one goroutine
}

func newRaw(t *testing.T, setup ...func(*Server)) *rawClient {
	srvSide, cliSide := net.Pipe()
	rc := &rawClient{t: t, conn: cliSide, r: bufio.NewReader(cliSide), done: make(chan error, 1), out: make(chan string, 100)}
	logs := &syncBuffer{}
	s := New(Options{Log: logs, CacheDir: cacheDir(), MaxMessage: 16 << 20})
	go func() { // ends when the test closes out or the pipe
		for m := range rc.out {
			if _, err := io.WriteString(cliSide, m); err != nil {
				return
			}
		}
	}()
	for _, f := range setup {
		f(s)
	}
	go func() { rc.done <- s.Serve(context.Background(), srvSide) }()
	t.Cleanup(func() {
		close(rc.out)
		cliSide.Close()
		select {
		case <-rc.done:
		case <-time.After(awaitTimeout):
			t.Error("Serve did not return after the client went away")
		}
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	return rc
}

// write sends raw bytes; the pipe is synchronous, so a goroutine writes
// them while the test reads.
func (rc *rawClient) write(s string) { rc.out <- s }

func frame(body string) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body) }

func (rc *rawClient) send(id any, method string, params any) {
	m := map[string]any{"jsonrpc": "2.0", "method": method, "params": params}
	if id != nil {
		m["id"] = id
	}
	b, _ := json.Marshal(m)
	rc.write(frame(string(b)))
}

type rawReply struct {
	ID     json.RawMessage `json:"id"`
	Method string          `json:"method"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// next reads the next answer to a request, skipping notifications.
func (rc *rawClient) next() rawReply {
	rc.t.Helper()
	for {
		n := -1
		for {
			line, err := rc.r.ReadString('\n')
			if err != nil {
				rc.t.Fatalf("reading: %v", err)
			}
			line = strings.TrimSpace(line)
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				n, _ = strconv.Atoi(v)
			}
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(rc.r, body); err != nil {
			rc.t.Fatal(err)
		}
		var r rawReply
		if err := json.Unmarshal(body, &r); err != nil {
			rc.t.Fatalf("server wrote bad JSON %q: %v", body, err)
		}
		if r.Method == "" {
			return r
		}
	}
}

func (rc *rawClient) expectError(what string, code int) rawReply {
	rc.t.Helper()
	r := rc.next()
	if r.Error == nil || (code != 0 && r.Error.Code != code) {
		rc.t.Fatalf("%s: want error %d, got %+v (result %s)", what, code, r.Error, r.Result)
	}
	return r
}

// TestGarbage sends what a broken or hostile client might, in sequence, and
// checks after each that the server answered and still serves.
func TestGarbage(t *testing.T) {
	rc := newRaw(t)
	alive := func(id int) {
		t.Helper()
		rc.send(id, "textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": "file:///nowhere.go"}, "position": map[string]any{"line": 0, "character": 0}})
		if r := rc.next(); r.Error != nil || string(r.ID) != strconv.Itoa(id) {
			t.Fatalf("server not alive after garbage: %+v", r)
		}
	}

	// Before initialize: ServerNotInitialized.
	rc.send(1, "textDocument/hover", map[string]any{})
	rc.expectError("request before initialize", codeServerNotInitialized)
	rc.send(2, "initialize", map[string]any{"capabilities": map[string]any{}})
	if r := rc.next(); r.Error != nil {
		t.Fatalf("initialize: %+v", r.Error)
	}
	rc.send(nil, "initialized", map[string]any{})
	alive(3)

	// Bad framing: junk lines, a bad length, bare LF line endings.
	rc.write("this is not a header\r\nContent-Length: banana\r\n\r\n")
	rc.write("Content-Length: 2\n\n{}")
	rc.expectError("{} is no message", -32600)
	alive(4)

	// Bad JSON, a batch, a message that is neither request nor response.
	rc.write(frame(`{"jsonrpc":"2.0","id":5,"method":`))
	rc.expectError("truncated JSON", -32700)
	rc.write(frame(`[{"jsonrpc":"2.0","id":6,"method":"shutdown"}]`))
	rc.expectError("batch", 0)
	alive(7)

	// Unknown methods: an error for requests, silence for notifications.
	rc.send(8, "sleuth/nothing", nil)
	rc.expectError("unknown method", -32601)
	rc.send(nil, "$/unknownNotification", nil)
	alive(9)

	// Params of the wrong shape.
	rc.send(10, "textDocument/hover", []int{1, 2})
	rc.expectError("array params", -32602)
	rc.send(11, "workspace/executeCommand", map[string]any{"command": "sleuth.investigate", "arguments": []any{42}})
	rc.expectError("bad command argument", -32602)
	rc.send(12, "workspace/executeCommand", map[string]any{"command": "sleuth.nope"})
	rc.expectError("unknown command", -32602)

	// Invalid positions on an open document: no hover, no crash.
	rc.send(nil, "textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": "file:///x/a.go", "languageId": "go", "version": 1, "text": "package a\n\nfunc f() {}\n"}})
	for i, pos := range []map[string]any{{"line": 99999, "character": 0}, {"line": 0, "character": 99999}, {"line": -1, "character": -5}} {
		rc.send(20+i, "textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": "file:///x/a.go"}, "position": pos})
		r := rc.next()
		if r.Error != nil && r.Error.Code != -32602 {
			t.Errorf("hover at %v: %+v", pos, r.Error)
		}
	}
	rc.send(nil, "textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": "file:///x/a.go", "version": 2},
		"contentChanges": []any{map[string]any{"range": map[string]any{"start": map[string]any{"line": 500, "character": 0}, "end": map[string]any{"line": 501, "character": 0}}, "text": "x"}}})
	alive(30)

	// A huge document (8 MiB on one line, then many lines): answered, and
	// the server stays quick on it.
	huge := strings.Repeat("x", 8<<20) + strings.Repeat("\nfunc TestX(t *testing.T) {}", 1000)
	rc.send(nil, "textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": "file:///x/huge_test.go", "languageId": "go", "version": 1, "text": huge}})
	rc.send(31, "textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": "file:///x/huge_test.go"}})
	if r := rc.next(); r.Error != nil {
		t.Fatalf("codeLens on a huge document: %+v", r.Error)
	}
	rc.send(32, "textDocument/inlayHint", map[string]any{"textDocument": map[string]any{"uri": "file:///x/huge_test.go"}, "range": map[string]any{"start": map[string]any{"line": 0, "character": 0}, "end": map[string]any{"line": 2000, "character": 0}}})
	if r := rc.next(); r.Error != nil {
		t.Fatalf("inlayHint on a huge document: %+v", r.Error)
	}
	alive(33)

	// A message larger than the limit is skipped with an error.
	rc.write(fmt.Sprintf("Content-Length: %d\r\n\r\n%s", 16<<20+1, strings.Repeat(" ", 16<<20+1)))
	rc.expectError("oversized message", -32600)
	alive(34)

	// Shutdown refuses further requests; exit ends Serve cleanly.
	rc.send(40, "shutdown", nil)
	if r := rc.next(); r.Error != nil {
		t.Fatalf("shutdown: %+v", r.Error)
	}
	rc.send(41, "textDocument/hover", map[string]any{})
	rc.expectError("request after shutdown", -32600)
	rc.send(nil, "exit", nil)
	select {
	case err := <-rc.done:
		if err != nil {
			t.Fatalf("Serve after shutdown and exit: %v", err)
		}
		rc.done <- nil
	case <-time.After(awaitTimeout):
		t.Fatal("Serve did not return after exit")
	}
}

// TestPanicRecovered: a handler that panics answers InternalError and the
// server goes on.
func TestPanicRecovered(t *testing.T) {
	rc := newRaw(t, func(s *Server) {
		s.handlers["sleuth/testPanic"] = func(*Server, context.Context, json.RawMessage) (any, error) { panic("boom") }
	})
	rc.send(1, "initialize", map[string]any{"capabilities": map[string]any{}})
	rc.next()
	rc.send(2, "sleuth/testPanic", nil)
	if r := rc.expectError("panicking handler", -32603); !strings.Contains(r.Error.Message, "boom") {
		t.Errorf("message %q does not say what happened", r.Error.Message)
	}
	rc.send(3, "textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": "file:///a.go"}, "position": map[string]any{"line": 0, "character": 0}})
	if r := rc.next(); r.Error != nil {
		t.Fatalf("after a panic: %+v", r.Error)
	}
}
