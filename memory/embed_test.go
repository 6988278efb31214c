package memory

import (
	"context"
	"database/sql"
	"errors"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// fakeEmbedder is a deterministic Embedder for the ranking logic (the real
// one, through Ollama, is tested in ollama_test.go for the plumbing). A text
// containing one of vecs' keys (the first in sorted order) gets its vector;
// any other text a vector hashed from its words.
type fakeEmbedder struct {
	model string
	dim   int
	vecs  map[string][]float32
	err   error

	mu    sync.Mutex // guards calls
	calls int
}

func (f *fakeEmbedder) EmbedModel() string { return f.model }

func (f *fakeEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	f.mu.Lock()
	f.calls++
	f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	keys := make([]string, 0, len(f.vecs))
	for k := range f.vecs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([][]float32, len(texts))
	for i, t := range texts {
		for _, k := range keys {
			if strings.Contains(t, k) {
				out[i] = f.vecs[k]
				break
			}
		}
		if out[i] == nil {
			out[i] = hashVector(t, f.dim)
		}
	}
	return out, nil
}

// hashVector embeds text by feature hashing its words into dim signed
// buckets: texts sharing words have a higher cosine, as with a real model.
func hashVector(text string, dim int) []float32 {
	v := make([]float32, dim)
	for _, w := range ftsWords(text) {
		h := fnv.New32a()
		h.Write([]byte(w))
		x := h.Sum32()
		sign := float32(1)
		if x&(1<<31) != 0 {
			sign = -1
		}
		v[int(x%uint32(dim))] += sign
	}
	if n := normalize(v); n != nil {
		return n
	}
	v[0] = 1
	return v
}

// along is a unit vector at cosine c from axis 0, leaning on axis a: two
// such vectors on different axes have cosine c1·c2.
func along(c float64, a, dim int) []float32 {
	v := make([]float32, dim)
	v[0], v[a] = float32(c), float32(math.Sqrt(1-c*c))
	return v
}

// embedStore opens a new store with emb.
func embedStore(t testing.TB, emb Embedder) *SQLite {
	t.Helper()
	s, err := Open(ctx, Options{Path: filepath.Join(t.TempDir(), "memory.db"), Embedder: emb})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// reopen opens another handle on s's file with emb (nil: none).
func reopen(t testing.TB, s *SQLite, emb Embedder) *SQLite {
	t.Helper()
	o, err := Open(ctx, Options{Path: s.Path(), Embedder: emb})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { o.Close() })
	return o
}

func vectors(t testing.TB, s *SQLite) (n int) {
	t.Helper()
	if err := s.db.QueryRow(`SELECT count(*) FROM embeddings`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func recall(t testing.TB, s *SQLite, rep *report.Report) Recall {
	t.Helper()
	sig, _ := SignatureOf(rep)
	rc, err := s.Recall(ctx, sig, 5)
	if err != nil {
		t.Fatal(err)
	}
	return rc
}

// TestRecallByEmbedding: failures that share neither kind, frames nor
// words enough for the indexes are found by their embedding, best cosine
// first, each with the cosine and the model in its why; below the
// threshold nothing joins.
func TestRecallByEmbedding(t *testing.T) {
	emb := &fakeEmbedder{model: "fake", dim: 64, vecs: map[string][]float32{
		"refund exceeds the captured amount":      along(1, 1, 64),
		"cannot credit more than was charged":     along(0.95, 2, 64),
		"reversal total is larger than a payment": along(0.90, 3, 64),
		"template parse error":                    along(0.50, 4, 64),
	}}
	s := embedStore(t, emb)
	a := mustRecord(t, s, incident(t, failure(report.KindTestFailure, "cannot credit more than was charged", "TestCredit", 9,
		"example.com/billing.Credit", "example.com/billing.TestCredit"), day(0)))
	b := mustRecord(t, s, incident(t, failure(report.KindDataRace, "reversal total is larger than a payment", "TestReverse", 9,
		"example.com/ledger.Reverse", "example.com/ledger.TestReverse"), day(1)))
	mustRecord(t, s, incident(t, failure(report.KindCustomPanic, "template parse error", "TestRender", 9,
		"example.com/page.Render", "example.com/page.TestRender"), day(2)))
	if n := vectors(t, s); n != 3 {
		t.Fatalf("%d vectors stored, want 3", n)
	}

	q := failure(report.KindCustomPanic, "refund exceeds the captured amount", "TestRefund", 9,
		"example.com/pay.Refund", "example.com/pay.TestRefund")
	if rc := recall(t, reopen(t, s, nil), q); len(rc.Matches) != 0 {
		t.Fatalf("without an embedder: %s, want nothing", describe(rc.Matches))
	}
	rc := recall(t, s, q)
	if rc.EmbedErr != nil {
		t.Fatal(rc.EmbedErr)
	}
	if len(rc.Matches) != 2 || rc.Matches[0].Incident.ID != a.ID || rc.Matches[1].Incident.ID != b.ID {
		t.Fatalf("with embeddings: %s, want #%d then #%d", describe(rc.Matches), a.ID, b.ID)
	}
	if got := rc.Matches[0].Why[0]; got != "similar by embedding (cosine 0.95, model fake)" {
		t.Errorf("why %q", got)
	}
	for i, want := range []float64{0.45 + 0.4*(0.95-0.85)/0.15, 0.45 + 0.4*(0.90-0.85)/0.15} {
		if m := rc.Matches[i]; m.Exact || math.Abs(m.Score-want) > 1e-3 {
			t.Errorf("match %d: exact %v score %.4f, want %.4f", i, m.Exact, m.Score, want)
		}
	}
	if rc.Matches[0].Incident.Message == "" || rc.Matches[0].Incident.Evidence == "" {
		t.Errorf("an embedding match is not read whole: %+v", rc.Matches[0].Incident)
	}
}

// TestEmbeddingRanksSignatureMatches: two variants the signature scores
// alike are ordered by their cosine (without embeddings the newer is
// first), and both score above their signature score.
func TestEmbeddingRanksSignatureMatches(t *testing.T) {
	emb := &fakeEmbedder{model: "fake", dim: 64, vecs: map[string][]float32{
		"(*Cart).Add":    along(1, 1, 64),
		"(*Cart).Remove": along(0.97, 2, 64),
		"(*Cart).Clear":  along(0.88, 3, 64),
	}}
	s := embedStore(t, emb)
	const msg = "assignment to entry in nil map"
	remove := mustRecord(t, s, incident(t, failure(report.KindNilMapWrite, msg, "TestRemove", 9, "example.com/cart.(*Cart).Remove", "example.com/cart.TestRemove"), day(0)))
	clear := mustRecord(t, s, incident(t, failure(report.KindNilMapWrite, msg, "TestClear", 9, "example.com/cart.(*Cart).Clear", "example.com/cart.TestClear"), day(1)))
	q := failure(report.KindNilMapWrite, msg, "TestAdd", 9, "example.com/cart.(*Cart).Add", "example.com/cart.TestAdd")

	plain := recall(t, reopen(t, s, nil), q)
	if len(plain.Matches) != 2 || plain.Matches[0].Incident.ID != clear.ID || plain.Matches[0].Score != plain.Matches[1].Score {
		t.Fatalf("without embeddings: %s, want equal scores, the newer first", describe(plain.Matches))
	}
	rc := recall(t, s, q)
	if len(rc.Matches) != 2 || rc.Matches[0].Incident.ID != remove.ID {
		t.Fatalf("with embeddings: %s, want #%d (cosine 0.97) first", describe(rc.Matches), remove.ID)
	}
	for i, m := range rc.Matches {
		if m.Score <= plain.Matches[0].Score || m.Score >= 1 {
			t.Errorf("match %d scores %.3f, want above the signature's %.3f and below an exact match", i, m.Score, plain.Matches[0].Score)
		}
		if last := m.Why[len(m.Why)-1]; !strings.HasPrefix(last, "similar by embedding (cosine ") || !strings.HasPrefix(m.Why[0], "same kind") {
			t.Errorf("match %d why %q: the signature's reasons, then the embedding's", i, m.Why)
		}
	}
}

// TestEmbedderFailure: an embedder that fails changes nothing but
// EmbedErr: recall finds what the indexes find, record stores no vector.
func TestEmbedderFailure(t *testing.T) {
	down := errors.New("model: not running")
	s := embedStore(t, &fakeEmbedder{model: "fake", dim: 64, err: down})
	const msg = "assignment to entry in nil map"
	mustRecord(t, s, incident(t, failure(report.KindNilMapWrite, msg, "TestRemove", 9, "example.com/cart.(*Cart).Remove", "example.com/cart.TestRemove"), day(0)))
	if n := vectors(t, s); n != 0 {
		t.Errorf("%d vectors stored by a failing embedder", n)
	}
	q := failure(report.KindNilMapWrite, msg, "TestAdd", 9, "example.com/cart.(*Cart).Add", "example.com/cart.TestAdd")
	rc := recall(t, s, q)
	plain := recall(t, reopen(t, s, nil), q)
	if !errors.Is(rc.EmbedErr, down) || describe(rc.Matches) != describe(plain.Matches) || len(rc.Matches) != 1 {
		t.Fatalf("failing embedder: err %v, %s; without: %s", rc.EmbedErr, describe(rc.Matches), describe(plain.Matches))
	}
}

// TestEmbeddingsOfOneModel: vectors of another model, or of another
// dimension, are never compared; forgetting an incident drops its vector.
func TestEmbeddingsOfOneModel(t *testing.T) {
	all := func(model string, dim int) *fakeEmbedder {
		return &fakeEmbedder{model: model, dim: dim, vecs: map[string][]float32{"": along(1, 1, dim)}} // every text alike
	}
	s := embedStore(t, all("m1", 64))
	mustRecord(t, s, incident(t, failure(report.KindDataRace, "data race", "TestA", 9, "example.com/a.F", "example.com/a.TestA"), day(0)))
	q := failure(report.KindTimeout, "test timed out", "TestB", 9, "example.com/b.G", "example.com/b.TestB")
	if rc := recall(t, s, q); len(rc.Matches) != 1 {
		t.Fatalf("same model: %s, want the incident", describe(rc.Matches))
	}
	for _, e := range []*fakeEmbedder{all("m2", 64), all("m1", 32)} {
		if rc := recall(t, reopen(t, s, e), q); len(rc.Matches) != 0 {
			t.Errorf("model %s dim %d compared with m1's 64: %s", e.model, e.dim, describe(rc.Matches))
		}
	}
	if _, err := s.Forget(ctx, Filter{}); err != nil {
		t.Fatal(err)
	}
	if n := vectors(t, s); n != 0 {
		t.Errorf("%d vectors left after forgetting everything", n)
	}
}

// TestEmbeddingBounded: when every stored vector is alike (the tiny
// model's are), at most maxEmbedOnly incidents join the candidates, best
// cosine then newest first, and recall returns k.
func TestEmbeddingBounded(t *testing.T) {
	emb := &fakeEmbedder{model: "fake", dim: 64, vecs: map[string][]float32{"": along(1, 1, 64)}}
	s := embedStore(t, emb)
	g := &corpusGen{r: rand.New(rand.NewPCG(7, 8))}
	var ins []Incident
	for i := range 100 {
		ins = append(ins, incident(t, g.failure(), day(i)))
	}
	if _, err := s.Import(ctx, ins); err != nil {
		t.Fatal(err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := tx.Query(`SELECT id, at FROM incidents`)
	if err != nil {
		t.Fatal(err)
	}
	type idAt struct{ id, at int64 }
	var all []idAt
	for rows.Next() {
		var x idAt
		rows.Scan(&x.id, &x.at)
		all = append(all, x)
	}
	rows.Close()
	for _, x := range all {
		if err := insertVector(ctx, tx, x.id, "fake", x.at, along(1, 1, 64)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	cos, joined, err := s.cosines(ctx, along(1, 1, 64), "fake", map[int64]bool{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cos) != 100 || len(joined) != maxEmbedOnly || joined[0] != all[len(all)-1].id {
		t.Fatalf("%d cosines, %d joined starting with #%d: want 100, %d, the newest first", len(cos), len(joined), joined[0], maxEmbedOnly)
	}
	q := failure(report.KindTimeout, "test timed out", "TestB", 9, "example.org/zz.G", "example.org/zz.TestB")
	if rc := recall(t, s, q); len(rc.Matches) != 5 {
		t.Errorf("%d matches, want k=5", len(rc.Matches))
	}
}

// TestMigrateFromV1: a store of schema 1 (before embeddings) keeps its
// incidents, gains the embeddings table, and records vectors from then on.
func TestMigrateFromV1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "memory.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_foreign_keys=1")
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(migrations[0]); err != nil {
		t.Fatal(err)
	}
	old, _, err := insert(ctx, tx, incident(t, failure(report.KindNilMapWrite, "assignment to entry in nil map", "TestRemove", 9,
		"example.com/cart.(*Cart).Remove", "example.com/cart.TestRemove"), day(0)), false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`PRAGMA user_version = 1`); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	db.Close()

	emb := &fakeEmbedder{model: "fake", dim: 64, vecs: map[string][]float32{"": along(1, 1, 64)}}
	s, err := Open(ctx, Options{Path: path, Embedder: emb})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var v int
	if err := s.db.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil || v != SchemaVersion || len(s.Notices()) != 0 {
		t.Fatalf("schema version %d (%v), notices %q", v, err, s.Notices())
	}
	got, err := s.Get(ctx, old.ID)
	if err != nil || got.Message != "assignment to entry in nil map" {
		t.Fatalf("the old incident: %+v, %v", got, err)
	}
	// The old incident has no vector: found by its signature, without an
	// embedding reason; a new one is recorded with a vector.
	q := failure(report.KindNilMapWrite, "assignment to entry in nil map", "TestAdd", 9, "example.com/cart.(*Cart).Add", "example.com/cart.TestAdd")
	rc := recall(t, s, q)
	if len(rc.Matches) != 1 || strings.Contains(strings.Join(rc.Matches[0].Why, ";"), "embedding") {
		t.Fatalf("after the migration: %s", describe(rc.Matches))
	}
	mustRecord(t, s, incident(t, q, day(1)))
	if n := vectors(t, s); n != 1 {
		t.Errorf("%d vectors after recording into the migrated store, want 1", n)
	}
}

func TestSignatureEmbedText(t *testing.T) {
	sig := Signature{Kind: "nil-map-write", Frames: []string{"example.com/cart.(*Cart).Add", "example.com/cart.TestAdd"}, Message: "assignment to entry in nil map"}
	want := "nil-map-write\nexample.com/cart.(*Cart).Add\nexample.com/cart.TestAdd\nassignment to entry in nil map"
	if got := sig.EmbedText(); got != want {
		t.Errorf("EmbedText = %q, want %q", got, want)
	}
}
