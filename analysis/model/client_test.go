package model

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sleuth-dev/sleuth/internal/testenv"
)

// chatBody is the part of an /api/chat request body the tests look at.
type chatBody struct {
	Model   string          `json:"model"`
	Stream  *bool           `json:"stream"`
	Format  json.RawMessage `json:"format"`
	Options map[string]any  `json:"options"`
}

func TestChatRealServer(t *testing.T) {
	testenv.NeedsOllama(t)
	host := server(t)
	rec := newRecorder(t, host)
	c := tinyClient(rec.URL, 1)
	ctx := testContext(t)
	msgs := []Message{{Role: "user", Content: "why does the map panic"}}

	whole, err := c.Chat(ctx, Request{Messages: msgs})
	if err != nil {
		t.Fatalf("non-stream chat: %v", err)
	}
	if whole.DoneReason != "stop" || whole.ReplyTokens == 0 {
		t.Errorf("non-stream reply: done %q, %d tokens", whole.DoneReason, whole.ReplyTokens)
	}

	var chunks []string
	streamed, err := c.Chat(ctx, Request{Messages: msgs, OnChunk: func(s string) { chunks = append(chunks, s) }})
	if err != nil {
		t.Fatalf("stream chat: %v", err)
	}
	if len(chunks) < 2 {
		t.Errorf("stream: %d chunks, want the reply in pieces", len(chunks))
	}
	if strings.Join(chunks, "") != streamed.Content {
		t.Errorf("the chunks %q do not add up to the reply %q", chunks, streamed.Content)
	}
	// Same seed, same model: the same reply either way.
	if streamed.Content != whole.Content {
		t.Errorf("seeded replies differ: stream %q, whole %q", streamed.Content, whole.Content)
	}

	// What went over the wire: num_ctx and num_predict set explicitly on
	// every request, streaming as asked.
	bodies := rec.Bodies()
	if len(bodies) != 2 {
		t.Fatalf("%d requests reached the server, want 2", len(bodies))
	}
	for i, raw := range bodies {
		var b chatBody
		if err := json.Unmarshal([]byte(raw), &b); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		if b.Options["num_ctx"] != float64(2048) || b.Options["num_predict"] != float64(512) {
			t.Errorf("request %d options %v: want num_ctx 2048 and num_predict 512", i, b.Options)
		}
		if b.Model != tinyModel || b.Stream == nil || *b.Stream != (i == 1) {
			t.Errorf("request %d: model %q stream %v", i, b.Model, b.Stream)
		}
	}
}

// TestStructuredOutput checks the plumbing of structured output: the
// schema is sent as the format, and the real server's grammar makes even
// the tiny model's gibberish parse as an Answer. The content is never
// checked.
func TestStructuredOutput(t *testing.T) {
	testenv.NeedsOllama(t)
	host := server(t)
	rec := newRecorder(t, host)
	ctx := testContext(t)
	for seed := 1; seed <= 4; seed++ {
		c := tinyClient(rec.URL, seed)
		var text []string
		ts := newTextStream(func(field, s string) { text = append(text, field) }, "summary", "explanation")
		r, err := c.Chat(ctx, Request{
			Messages: []Message{{Role: "user", Content: "explain"}},
			Format:   Schema,
			OnChunk:  ts.Write,
		})
		if err != nil {
			t.Fatal(err)
		}
		a, err := ParseAnswer(r.Content)
		if err != nil {
			t.Errorf("seed %d: %v\n%s", seed, err, r.Content)
			continue
		}
		// The streamed text extraction saw the summary as it arrived.
		if len(text) == 0 || text[0] != "summary" {
			t.Errorf("seed %d: streamed fields %v, want the summary first", seed, text)
		}
		_ = a
	}
	for _, raw := range rec.Bodies() {
		var b chatBody
		json.Unmarshal([]byte(raw), &b)
		if !json.Valid(b.Format) || !strings.Contains(string(b.Format), `"root_cause"`) {
			t.Errorf("the request's format is not the schema: %s", b.Format)
		}
	}
}

func TestDegradation(t *testing.T) {
	ctx := context.Background()
	t.Run("not running", func(t *testing.T) {
		port, err := freePort() // closed again: nothing listens
		if err != nil {
			t.Fatal(err)
		}
		c := NewClient(Config{Host: net.JoinHostPort("127.0.0.1", itoa(port)), Model: "m"})
		start := time.Now()
		_, err = c.Chat(ctx, Request{Messages: []Message{{Role: "user", Content: "x"}}})
		if !errors.Is(err, ErrNotRunning) {
			t.Fatalf("err %v, want not running", err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("a refused connection took %v", d)
		}
		if h := Hint(err); !strings.Contains(h, "ollama serve") || !strings.Contains(h, "ollama pull m") {
			t.Errorf("hint %q", h)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		// A server that accepts and never answers.
		hang := httptest.NewServer(http.HandlerFunc(hangHandler))
		defer hang.Close()
		c := NewClient(Config{Host: hang.URL, Model: "m", Timeout: 100 * time.Millisecond})
		start := time.Now()
		_, err := c.Chat(ctx, Request{Messages: []Message{{Role: "user", Content: "x"}}})
		if !errors.Is(err, ErrTimeout) {
			t.Fatalf("err %v, want timeout", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("a 100ms timeout took %v", d)
		}
		if h := Hint(err); !strings.Contains(h, "did not answer within 100ms") {
			t.Errorf("hint %q", h)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		hang := httptest.NewServer(http.HandlerFunc(hangHandler))
		defer hang.Close()
		c := NewClient(Config{Host: hang.URL, Model: "m"})
		cctx, cancel := context.WithCancel(ctx)
		time.AfterFunc(50*time.Millisecond, cancel)
		_, err := c.Chat(cctx, Request{Messages: []Message{{Role: "user", Content: "x"}}})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err %v, want the context's cancellation", err)
		}
		if Hint(err) != "" {
			t.Errorf("a cancellation has a hint: %q", Hint(err))
		}
	})
	t.Run("garbage", func(t *testing.T) {
		// Not Ollama: a server that answers 200 with text that is not
		// NDJSON (the one fake server of these tests).
		junk := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("<html>hello</html>\n"))
		}))
		defer junk.Close()
		c := NewClient(Config{Host: junk.URL, Model: "m"})
		_, err := Explain(ctx, failingReport(t), Options{Client: c})
		if !errors.Is(err, ErrGarbage) {
			t.Fatalf("err %v, want garbage", err)
		}
		if h := Hint(err); !strings.Contains(h, "no usable answer") {
			t.Errorf("hint %q", h)
		}
	})
	t.Run("model missing", func(t *testing.T) {
		testenv.NeedsOllama(t)
		host := server(t)
		c := NewClient(Config{Host: host, Model: "no-such-model:1b"})
		_, err := c.Chat(ctx, Request{Messages: []Message{{Role: "user", Content: "x"}}, OnChunk: func(string) {}})
		if !errors.Is(err, ErrModelMissing) {
			t.Fatalf("err %v, want model missing", err)
		}
		want := "model no-such-model:1b is not available: run `ollama pull no-such-model:1b`"
		if h := Hint(err); h != want {
			t.Errorf("hint %q, want %q", h, want)
		}
		if err := c.Available(ctx); !errors.Is(err, ErrModelMissing) {
			t.Errorf("Available: %v", err)
		}
		if err := tinyClient(host, 1).Available(ctx); err != nil {
			t.Errorf("Available(tiny): %v", err)
		}
	})
	t.Run("garbage from the real model", func(t *testing.T) {
		// Free text where JSON is expected (no format sent) is garbage too.
		testenv.NeedsOllama(t)
		host := server(t)
		c := tinyClient(host, 1)
		r, err := c.Chat(ctx, Request{Messages: []Message{{Role: "user", Content: "x"}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ParseAnswer(r.Content); err == nil {
			t.Fatalf("gibberish %q parsed as an answer", r.Content)
		}
	})
}

func TestResolve(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "")
	t.Setenv("SLEUTH_MODEL", "")
	for _, tc := range []struct{ setting, env, want string }{
		{"", "", "http://127.0.0.1:11434"},
		{"", "10.0.0.2", "http://10.0.0.2:11434"},
		{"", "0.0.0.0:9999", "http://127.0.0.1:9999"},
		{"gpu-box:1234", "10.0.0.2", "http://gpu-box:1234"},
		{"https://ollama.example.com/x", "", "https://ollama.example.com:443/x"},
		{"[::1]:5000", "", "http://[::1]:5000"},
	} {
		t.Setenv("OLLAMA_HOST", tc.env)
		if got := ResolveHost(tc.setting).String(); got != tc.want {
			t.Errorf("ResolveHost(%q) with OLLAMA_HOST=%q = %s, want %s", tc.setting, tc.env, got, tc.want)
		}
	}
	if got := ResolveModel(""); got != DefaultModel {
		t.Errorf("default model %q", got)
	}
	t.Setenv("SLEUTH_MODEL", "llama3.2:3b")
	if got := ResolveModel(""); got != "llama3.2:3b" {
		t.Errorf("SLEUTH_MODEL ignored: %q", got)
	}
	if got := ResolveModel("codestral"); got != "codestral" {
		t.Errorf("the setting lost to the environment: %q", got)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// hangHandler accepts a request and never answers. It reads the body first:
// only then does the server watch the connection and end r.Context() when
// the client goes away, which lets the test server close.
func hangHandler(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body)
	<-r.Context().Done()
}
