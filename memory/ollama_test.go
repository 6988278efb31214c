package memory

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/model"
	"github.com/sleuth-dev/sleuth/analysis/model/ollamatest"
	"github.com/sleuth-dev/sleuth/analysis/report"
	"github.com/sleuth-dev/sleuth/internal/testenv"
)

// ollama is the real Ollama server of the package's tests, started on
// first use; TestMain stops it.
var ollama ollamatest.Server

// TestRecallEmbeddingOllama: the plumbing against a real Ollama server
// with the tiny model, through analysis/model's client. The tiny model's
// weights are random, so its cosines say nothing (0.1 to 0.5 between
// these texts): the threshold is -1, every stored vector is compared, and
// what is checked is that vectors of its 64 dimensions are stored per
// incident under the model's name and that recall reports unrelated
// failures as similar by embedding with the cosine and model in their
// why, never the ranking.
func TestRecallEmbeddingOllama(t *testing.T) {
	testenv.NeedsOllama(t)
	host := ollama.Host(t)
	c := model.NewClient(model.Config{Host: host, Model: ollamatest.TinyModel, NumCtx: 2048,
		Options: map[string]any{"num_thread": 1}})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := Open(ctx, Options{Path: filepath.Join(t.TempDir(), "memory.db"), Embedder: c, MinCosine: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a := mustRecord(t, s, incident(t, failure(report.KindTestFailure, "cannot credit more than was charged", "TestCredit", 9,
		"example.com/billing.Credit", "example.com/billing.TestCredit"), day(0)))
	mustRecord(t, s, incident(t, failure(report.KindDataRace, "data race", "TestReverse", 9,
		"example.com/ledger.Reverse", "example.com/ledger.TestReverse"), day(1)))
	var name string
	var dim, n int
	if err := s.db.QueryRowContext(ctx, `SELECT model, dim, count(*) FROM embeddings`).Scan(&name, &dim, &n); err != nil {
		t.Fatal(err)
	}
	if name != ollamatest.TinyModel || dim != 64 || n != 2 {
		t.Fatalf("stored: %d vectors of model %q, dim %d; want 2 of tiny, 64", n, name, dim)
	}

	q := failure(report.KindCustomPanic, "refund exceeds the captured amount", "TestRefund", 9,
		"example.com/pay.Refund", "example.com/pay.TestRefund")
	if rc := recall(t, reopen(t, s, nil), q); len(rc.Matches) != 0 {
		t.Fatalf("without embeddings: %s, want nothing", describe(rc.Matches))
	}
	sig, _ := SignatureOf(q)
	rc, err := s.Recall(ctx, sig, 5)
	if err != nil || rc.EmbedErr != nil {
		t.Fatalf("recall: %v, embedding: %v", err, rc.EmbedErr)
	}
	if len(rc.Matches) != 2 {
		t.Fatalf("with the tiny model's embeddings: %s, want both incidents", describe(rc.Matches))
	}
	for _, m := range rc.Matches {
		if w := m.Why[0]; !strings.HasPrefix(w, "similar by embedding (cosine ") || !strings.HasSuffix(w, ", model tiny)") {
			t.Errorf("#%d why %q", m.Incident.ID, m.Why)
		}
	}
	if rc.Matches[0].Incident.ID != a.ID && rc.Matches[1].Incident.ID != a.ID {
		t.Errorf("#%d missing: %s", a.ID, describe(rc.Matches))
	}
	t.Logf("tiny model: %s", describe(rc.Matches))

	// Ollama gone: recall and record still work, EmbedErr says why.
	port, _ := ollamatest.FreePort()
	gone := reopen(t, s, model.NewClient(model.Config{Host: "127.0.0.1:" + strconv.Itoa(port), Model: ollamatest.TinyModel}))
	start := time.Now()
	rc, err = gone.Recall(ctx, sig, 5)
	if err != nil || len(rc.Matches) != 0 || !errors.Is(rc.EmbedErr, model.ErrNotRunning) {
		t.Fatalf("without a server: %v, %s, embedding error %v", err, describe(rc.Matches), rc.EmbedErr)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("recall without a server took %v", d)
	}
}
