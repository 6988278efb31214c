package model

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sleuth-dev/sleuth/internal/testenv"
)

// TestEmbedRealServer: /api/embed of the real server with the tiny model.
// Its vectors are nearly identical whatever the text (random weights), so
// only the plumbing is checked: one normalised vector of one length per
// text, the embedding model and num_ctx in the request.
func TestEmbedRealServer(t *testing.T) {
	testenv.NeedsOllama(t)
	host := server(t)
	rec := newRecorder(t, host)
	c := NewClient(Config{Host: rec.URL, Model: "chat-model-not-asked", EmbedModel: tinyModel, NumCtx: 2048,
		Options: map[string]any{"num_thread": 1}})
	if c.EmbedModel() != tinyModel {
		t.Fatalf("EmbedModel %q", c.EmbedModel())
	}
	texts := []string{"nil-map-write\nexample.com/cart.(*Cart).Add\nassignment to entry in nil map", "data race", "x"}
	vs, err := c.Embed(testContext(t), texts)
	if err != nil {
		t.Fatalf("embed: %v", err)
	}
	if len(vs) != len(texts) {
		t.Fatalf("%d vectors for %d texts", len(vs), len(texts))
	}
	for i, v := range vs {
		if len(v) != 64 {
			t.Errorf("vector %d has %d dimensions, want the tiny model's 64", i, len(v))
		}
		var n float64
		for _, x := range v {
			n += float64(x) * float64(x)
		}
		if math.Abs(math.Sqrt(n)-1) > 1e-3 {
			t.Errorf("vector %d has norm %.4f, want Ollama's normalised 1", i, math.Sqrt(n))
		}
	}
	bodies := rec.Bodies()
	if len(bodies) != 1 {
		t.Fatalf("%d requests, want 1", len(bodies))
	}
	var b struct {
		Model   string         `json:"model"`
		Input   []string       `json:"input"`
		Options map[string]any `json:"options"`
	}
	if err := json.Unmarshal([]byte(bodies[0]), &b); err != nil {
		t.Fatal(err)
	}
	if b.Model != tinyModel || len(b.Input) != 3 || b.Options["num_ctx"] != float64(2048) {
		t.Errorf("request: model %q, %d inputs, options %v", b.Model, len(b.Input), b.Options)
	}
}

func TestEmbedDegradation(t *testing.T) {
	ctx := context.Background()
	t.Run("not running", func(t *testing.T) {
		port, err := freePort()
		if err != nil {
			t.Fatal(err)
		}
		c := NewClient(Config{Host: net.JoinHostPort("127.0.0.1", itoa(port)), Model: "m"})
		start := time.Now()
		_, err = c.Embed(ctx, []string{"x"})
		if !errors.Is(err, ErrNotRunning) {
			t.Fatalf("err %v, want not running", err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("a refused connection took %v", d)
		}
	})
	t.Run("model missing", func(t *testing.T) {
		testenv.NeedsOllama(t)
		host := server(t)
		c := NewClient(Config{Host: host, Model: tinyModel, EmbedModel: "no-such-embedder"})
		_, err := c.Embed(ctx, []string{"x"})
		if !errors.Is(err, ErrModelMissing) {
			t.Fatalf("err %v, want model missing", err)
		}
		if h := Hint(err); !strings.Contains(h, "ollama pull no-such-embedder") {
			t.Errorf("hint %q names the wrong model", h)
		}
	})
	t.Run("garbage", func(t *testing.T) {
		// A server that answers /api/embed with one vector too few.
		short := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"model":"m","embeddings":[[0.6,0.8]]}`))
		}))
		defer short.Close()
		c := NewClient(Config{Host: short.URL, Model: "m"})
		if _, err := c.Embed(ctx, []string{"a", "b"}); !errors.Is(err, ErrGarbage) {
			t.Fatalf("err %v, want garbage", err)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		hang := httptest.NewServer(http.HandlerFunc(hangHandler))
		defer hang.Close()
		c := NewClient(Config{Host: hang.URL, Model: "m", EmbedTimeout: 100 * time.Millisecond})
		if _, err := c.Embed(ctx, []string{"a"}); !errors.Is(err, ErrTimeout) {
			t.Fatalf("err %v, want timeout", err)
		}
	})
	t.Run("off", func(t *testing.T) {
		t.Setenv("SLEUTH_EMBED_MODEL", "off")
		c := NewClient(Config{Model: "m"})
		if _, err := c.Embed(ctx, []string{"a"}); !errors.Is(err, ErrEmbedOff) || c.EmbedModel() != "" {
			t.Fatalf("err %v, model %q: want embeddings off", err, c.EmbedModel())
		}
	})
}

func TestResolveEmbedModel(t *testing.T) {
	for _, tc := range []struct{ setting, env, want string }{
		{"", "", "chat"},
		{"", "nomic-embed-text", "nomic-embed-text"},
		{"mxbai-embed-large", "nomic-embed-text", "mxbai-embed-large"},
		{"", "off", ""},
		{"none", "", ""},
	} {
		t.Setenv("SLEUTH_EMBED_MODEL", tc.env)
		if got := ResolveEmbedModel(tc.setting, "chat"); got != tc.want {
			t.Errorf("ResolveEmbedModel(%q) with SLEUTH_EMBED_MODEL=%q = %q, want %q", tc.setting, tc.env, got, tc.want)
		}
	}
}

// BenchmarkEmbedTiny: one signature's text through /api/embed of the real
// server and the tiny model (warm).
func BenchmarkEmbedTiny(b *testing.B) {
	c := NewClient(Config{Host: server(b), Model: tinyModel, NumCtx: 2048, Options: map[string]any{"num_thread": 1}})
	text := []string{"nil-map-write\nexample.com/cart.(*Cart).Add\nexample.com/cart.TestAdd\nassignment to entry in nil map"}
	ctx := context.Background()
	if _, err := c.Embed(ctx, text); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := c.Embed(ctx, text); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEmbedAbsent: what Embed costs when no Ollama listens.
func BenchmarkEmbedAbsent(b *testing.B) {
	port, _ := freePort()
	c := NewClient(Config{Host: "127.0.0.1:" + itoa(port)})
	for b.Loop() {
		if _, err := c.Embed(context.Background(), []string{"x"}); err == nil {
			b.Fatal("no error")
		}
	}
}
