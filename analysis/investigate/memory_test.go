package investigate

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/sleuth-dev/sleuth/analysis/capture"
	"github.com/sleuth-dev/sleuth/analysis/model"
	"github.com/sleuth-dev/sleuth/analysis/report"
)

func TestRunSelects(t *testing.T) {
	cases := []struct {
		pattern, test string
		want          bool
	}{
		{"TestAdd", "TestAdd", true},
		{"^TestAdd$", "TestAdd", true},
		{"^TestAdd$", "TestAddAll", false},
		{"Add", "TestAddAll", true},
		{"TestAdd", "TestAdd/empty", true},
		{"TestAdd/empty", "TestAdd", false}, // only part of TestAdd ran
		{"TestAdd/empty", "TestAdd/empty", true},
		{"TestAdd/full", "TestAdd/empty", false},
		{"^TestA(dd|ll)$/x", "TestAll/x", true},
		{"Test[/]x", "Test/x", false},
		{"(", "TestAdd", false},
	}
	for _, c := range cases {
		if got := runSelects(c.pattern, c.test); got != c.want {
			t.Errorf("runSelects(%q, %q) = %v, want %v", c.pattern, c.test, got, c.want)
		}
	}
}

// embedFailure is a failing report in a temp dir (no module, no git).
func embedFailure(t *testing.T, msg string) *report.Report {
	rep := report.Empty("test")
	rep.Target.Package, rep.Target.Dir = "example.com/cart", t.TempDir()
	rep.Failure = &report.Failure{Kind: report.KindNilMapWrite, Message: msg, Test: "TestAdd",
		Location: report.Location{File: rep.Target.Dir + "/cart.go", Line: 9, Function: "example.com/cart.(*Cart).Add"}}
	rep.Frames = []report.Frame{{Function: "example.com/cart.(*Cart).Add", File: rep.Target.Dir + "/cart.go", Line: 9, User: true}}
	return rep
}

// TestModelEmbedderAbsent: without Ollama a run (recall, then record)
// costs one connection, recall and record work, and no note repeats the
// model's own hint.
func TestModelEmbedderAbsent(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var accepts atomic.Int32
	go func() { // ends when ln closes
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepts.Add(1)
			c.Close()
		}
	}()
	defer ln.Close()
	emb := ModelEmbedder(true, model.Config{Host: ln.Addr().String(), Model: "m"})
	store := filepath.Join(t.TempDir(), "memory.db")
	rep := embedFailure(t, "assignment to entry in nil map")
	ctx := context.Background()
	Recall(ctx, rep, store, emb)
	Remember(ctx, rep, capture.Options{Mode: "test"}, store, emb)
	if n := accepts.Load(); n != 1 {
		t.Errorf("%d connections to the absent Ollama, want 1", n)
	}
	if rep.Memory.Incident == 0 || !rep.Memory.Recalled {
		t.Errorf("memory without Ollama: %+v", rep.Memory)
	}
	for _, n := range rep.Notes {
		if strings.Contains(n, "embedding") {
			t.Errorf("note %q: the model's own hint says Ollama is absent", n)
		}
	}
}

// TestModelEmbedderOnce: recalling then recording a failure embeds it
// once; a failure the embedder cannot explain away (garbage) is one note
// per run.
func TestModelEmbedderOnce(t *testing.T) {
	var calls atomic.Int32
	var garbage atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if garbage.Load() {
			w.Write([]byte(`{"embeddings":[]}`))
			return
		}
		w.Write([]byte(`{"model":"m","embeddings":[[0.6,0.8]]}`))
	}))
	defer srv.Close()
	ctx := context.Background()
	store := filepath.Join(t.TempDir(), "memory.db")
	emb := ModelEmbedder(true, model.Config{Host: srv.URL, Model: "m"})
	rep := embedFailure(t, "assignment to entry in nil map")
	Recall(ctx, rep, store, emb)
	Remember(ctx, rep, capture.Options{Mode: "test"}, store, emb)
	if n := calls.Load(); n != 1 || rep.Memory.Incident == 0 {
		t.Errorf("%d embed requests (want 1), incident %d", n, rep.Memory.Incident)
	}

	garbage.Store(true)
	emb = ModelEmbedder(true, model.Config{Host: srv.URL, Model: "m", EmbedModel: "e"})
	rep = embedFailure(t, "send on closed channel")
	Recall(ctx, rep, store, emb)
	rep.Memory.Recalled = false // recall again while recording
	Remember(ctx, rep, capture.Options{Mode: "test"}, store, emb)
	var notes []string
	for _, n := range rep.Notes {
		if strings.Contains(n, "without embeddings") {
			notes = append(notes, n)
		}
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "model e returned no usable answer") {
		t.Errorf("notes %q, want one about model e", rep.Notes)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("%d embed requests, want 2: a failed embedder is not asked again", n)
	}
}

func TestModelEmbedderOff(t *testing.T) {
	if ModelEmbedder(false, model.Config{Model: "m"}) != nil {
		t.Error("an embedder with the model off")
	}
	t.Setenv("SLEUTH_EMBED_MODEL", "off")
	if ModelEmbedder(true, model.Config{Model: "m"}) != nil {
		t.Error("an embedder with SLEUTH_EMBED_MODEL=off")
	}
}
