package memory

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// corpusGen makes realistic, varied failures: modules with packages,
// types and functions named from word lists, the failure kinds in rough
// real-world proportions with their real message shapes, and recurrences
// (a third of the incidents repeat an earlier signature).
type corpusGen struct {
	r    *rand.Rand
	seen []*report.Report
}

var (
	genNouns = []string{"order", "cart", "user", "session", "invoice", "ledger", "queue", "cache", "token", "route",
		"config", "metric", "span", "batch", "page", "feed", "tenant", "quota", "upload", "webhook", "profile",
		"catalog", "price", "report", "event", "stream", "shard", "lease", "job", "worker", "index", "schema"}
	genVerbs = []string{"load", "save", "parse", "apply", "merge", "build", "send", "close", "open", "read", "write",
		"sync", "flush", "compute", "render", "resolve", "validate", "encode", "decode", "lookup", "charge", "retry"}
	genKinds = []report.Kind{report.KindNilDeref, report.KindNilDeref, report.KindNilDeref, report.KindTestFailure,
		report.KindTestFailure, report.KindTestFailure, report.KindTestFailure, report.KindIndexOutOfRange,
		report.KindSliceBounds, report.KindNilMapWrite, report.KindCustomPanic, report.KindCustomPanic,
		report.KindDeadlock, report.KindDataRace, report.KindTypeAssertion, report.KindClosedChannel,
		report.KindDivideByZero, report.KindConcurrentMapWrite, report.KindTimeout}
)

func (g *corpusGen) word(ws []string) string { return ws[g.r.IntN(len(ws))] }

func title(s string) string { return string(s[0]-32) + s[1:] }

func (g *corpusGen) message(k report.Kind) string {
	n := g.r.IntN(100)
	switch k {
	case report.KindNilDeref:
		return fmt.Sprintf("runtime error: invalid memory address or nil pointer dereference [signal SIGSEGV: segmentation violation code=0x1 addr=0x%x pc=0x%x]", n*8, 0x4a0000+g.r.IntN(1<<16))
	case report.KindIndexOutOfRange:
		return fmt.Sprintf("runtime error: index out of range [%d] with length %d", n, n)
	case report.KindSliceBounds:
		return fmt.Sprintf("runtime error: slice bounds out of range [:%d] with capacity %d", n+1, n)
	case report.KindNilMapWrite:
		return "assignment to entry in nil map"
	case report.KindCustomPanic:
		return fmt.Sprintf("%s: invalid %s %q", g.word(genNouns), g.word(genNouns), g.word(genVerbs))
	case report.KindDeadlock:
		return fmt.Sprintf("all goroutines running user code are blocked: %d on a mutex", n%5+2)
	case report.KindDataRace:
		return "data race"
	case report.KindTypeAssertion:
		return fmt.Sprintf("interface conversion: interface {} is %s, not *%s.%s", g.word([]string{"string", "float64", "nil", "int"}), g.word(genNouns), title(g.word(genNouns)))
	case report.KindClosedChannel:
		return "send on closed channel"
	case report.KindDivideByZero:
		return "runtime error: integer divide by zero"
	case report.KindConcurrentMapWrite:
		return "concurrent map writes"
	case report.KindTimeout:
		return fmt.Sprintf("test timed out after %ds", n)
	}
	return fmt.Sprintf("%s(%s) = %d, want %d: %s %s", title(g.word(genVerbs)), g.word(genNouns), n, n+1, g.word(genVerbs), g.word(genNouns))
}

// failure returns a new failure, or (a third of the time) one seen before.
func (g *corpusGen) failure() *report.Report {
	if len(g.seen) > 0 && g.r.IntN(3) == 0 {
		return g.seen[g.r.IntN(len(g.seen))]
	}
	mod := fmt.Sprintf("github.com/org%d/%s%d", g.r.IntN(60), g.word(genNouns), g.r.IntN(5))
	pkg := mod + "/" + g.word(genNouns)
	typ := title(g.word(genNouns))
	var funcs []string
	for range 1 + g.r.IntN(4) {
		fn := title(g.word(genVerbs)) + title(g.word(genNouns))
		if g.r.IntN(2) == 0 {
			fn = "(*" + typ + ")." + fn
		}
		funcs = append(funcs, pkg+"."+fn)
	}
	test := "Test" + title(g.word(genVerbs)) + title(g.word(genNouns))
	funcs = append(funcs, pkg+"."+test)
	k := genKinds[g.r.IntN(len(genKinds))]
	rep := failure(k, g.message(k), test, 10+g.r.IntN(400), funcs...)
	rep.Suspects = []report.Suspect{{File: "/src/" + pkg + "/a.go", Line: 12, Function: funcs[0], Score: 0.8,
		Reason: "the value comes from an unchecked lookup", Evidence: []string{"a.go:12 x := m[k]", "a.go:14 x.f used"}}}
	rep.Explanation = report.Explanation{Summary: "x is nil because the lookup at a.go:12 missed", Source: "evidence"}
	g.seen = append(g.seen, rep)
	return rep
}

// BenchmarkRecall100k measures recall over a store of 100,000 incidents
// and reports its p50 and p99 from the benchmark's own timings, the bytes
// per incident on disk and the time to open the store. It runs only under
// -bench: building the store takes a while.
//
//	go test -run '^$' -bench Recall100k -benchtime 2000x ./memory
func BenchmarkRecall100k(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	bs := buildBenchStore(b, n)
	path := bs.path
	var s *SQLite
	var err error
	var opens []time.Duration
	for range 5 {
		t := time.Now()
		s, err = Open(ctx, Options{Path: path})
		opens = append(opens, time.Since(t))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Recall(ctx, Signature{Kind: "x"}, 1); err != nil { // the first query after open
			b.Fatal(err)
		}
		if len(opens) < 5 {
			s.Close()
		}
	}
	defer s.Close()

	// Queries: half re-runs of stored failures, half new ones (a stored
	// failure's variant in another function, or a new failure).
	stored := bs.gen.seen[:bs.stored]
	qg := &corpusGen{r: rand.New(rand.NewPCG(5, 6)), seen: slices.Clone(stored)}
	queries := make([]Signature, 1000)
	for i := range queries {
		rep := stored[qg.r.IntN(len(stored))]
		switch i % 4 {
		case 2:
			v := *rep
			v.Frames = slices.Clone(rep.Frames)
			v.Frames[1].Function += "Variant"
			rep = &v
		case 3:
			rep = qg.failure()
		}
		queries[i], _ = SignatureOf(rep)
	}
	times := make([]time.Duration, 0, b.N)
	matched := 0
	b.ResetTimer()
	for i := range b.N {
		t := time.Now()
		rc, err := s.Recall(ctx, queries[i%len(queries)], 5)
		times = append(times, time.Since(t))
		if err != nil {
			b.Fatal(err)
		}
		if len(rc.Matches) > 0 {
			matched++
		}
	}
	b.StopTimer()
	// Recording one incident into the full store (one write transaction).
	var recs []time.Duration
	rg := &corpusGen{r: rand.New(rand.NewPCG(3, 4))}
	for i := range 200 {
		in := incident(b, rg.failure(), t0.Add(time.Duration(n+i)*time.Minute))
		t := time.Now()
		if _, err := s.Record(ctx, in); err != nil {
			b.Fatal(err)
		}
		recs = append(recs, time.Since(t))
	}
	slices.Sort(recs)
	b.ReportMetric(float64(recs[len(recs)/2].Microseconds())/1000, "record-p50-ms")
	slices.Sort(times)
	slices.Sort(opens)
	pct := func(p float64) float64 { return float64(times[int(float64(len(times)-1)*p)].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(bs.size)/n, "bytes/incident")
	b.ReportMetric(float64(opens[len(opens)/2].Microseconds())/1000, "open-ms")
	b.ReportMetric(float64(bs.fill.Milliseconds())/1000, "fill-s")
	b.ReportMetric(100*float64(matched)/float64(b.N), "%matched")
}

// builtStore is the 100,000-incident store, built once per test process:
// the benchmark function runs more than once.
type builtStore struct {
	once sync.Once
	path string
	gen  *corpusGen
	// stored is how many of gen.seen are in the store.
	stored int
	size   int64
	fill   time.Duration
	err    error
}

var benchStore builtStore

// benchDir holds benchStore; TestMain removes it.
var benchDir string

func buildBenchStore(b *testing.B, n int) *builtStore {
	bs := &benchStore
	bs.once.Do(func() {
		ctx := context.Background()
		benchDir, bs.err = os.MkdirTemp("", "sleuth-memory-bench")
		if bs.err != nil {
			return
		}
		bs.path = filepath.Join(benchDir, "memory.db")
		s, err := Open(ctx, Options{Path: bs.path, Retention: Retention{MaxAge: -1, MaxCount: -1}})
		if err != nil {
			bs.err = err
			return
		}
		defer s.Close()
		bs.gen = &corpusGen{r: rand.New(rand.NewPCG(1, 2))}
		start := time.Now()
		batch := make([]Incident, 0, 5000)
		for i := range n {
			batch = append(batch, incident(b, bs.gen.failure(), t0.Add(time.Duration(i)*time.Minute)))
			if len(batch) == cap(batch) || i == n-1 {
				if _, err := s.Import(ctx, batch); err != nil {
					bs.err = err
					return
				}
				batch = batch[:0]
			}
		}
		bs.fill, bs.stored = time.Since(start), len(bs.gen.seen)
		bs.err = s.Checkpoint(ctx)
		bs.size = s.Size()
	})
	if bs.err != nil {
		b.Fatal(bs.err)
	}
	return bs
}

// BenchmarkRecallEmbed10k measures what embeddings add to recall: a store
// of 10,000 incidents, each with a 64-dimension vector (the tiny model's
// size; a deterministic hashing embedder stands in for Ollama, so the
// figure is the store's cost, not the model's), recalled with and without
// the embedder on the same queries. It reports both p50 and p99 and the
// difference.
//
//	go test -run '^$' -bench RecallEmbed10k -benchtime 5000x ./memory
func BenchmarkRecallEmbed10k(b *testing.B) {
	const n = 10_000
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "memory.db")
	emb := &fakeEmbedder{model: "fake", dim: 64}
	s, err := Open(ctx, Options{Path: path, Retention: Retention{MaxAge: -1, MaxCount: -1}})
	if err != nil {
		b.Fatal(err)
	}
	g := &corpusGen{r: rand.New(rand.NewPCG(1, 2))}
	ins := make([]Incident, n)
	for i := range ins {
		ins[i] = incident(b, g.failure(), t0.Add(time.Duration(i)*time.Minute))
	}
	if _, err := s.Import(ctx, ins); err != nil {
		b.Fatal(err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, in := range ins {
		var id int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM incidents WHERE uid = ?`, in.UID).Scan(&id); err != nil {
			b.Fatal(err)
		}
		if err := insertVector(ctx, tx, id, emb.model, ms(in.Time), hashVector(in.Signature.EmbedText(), emb.dim)); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if err := s.Checkpoint(ctx); err != nil {
		b.Fatal(err)
	}
	s.Close()

	qg := &corpusGen{r: rand.New(rand.NewPCG(5, 6)), seen: slices.Clone(g.seen)}
	queries := make([]Signature, 1000)
	for i := range queries {
		rep := g.seen[qg.r.IntN(len(g.seen))]
		if i%2 == 1 {
			rep = qg.failure()
		}
		queries[i], _ = SignatureOf(rep)
	}
	measure := func(e Embedder) (p50, p99 float64, embedded int) {
		st, err := Open(ctx, Options{Path: path, Embedder: e})
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		times := make([]time.Duration, 0, b.N)
		for i := range b.N {
			t := time.Now()
			rc, err := st.Recall(ctx, queries[i%len(queries)], 5)
			times = append(times, time.Since(t))
			if err != nil || rc.EmbedErr != nil {
				b.Fatal(err, rc.EmbedErr)
			}
			for _, m := range rc.Matches {
				if strings.HasPrefix(m.Why[len(m.Why)-1], "similar by embedding") || strings.HasPrefix(m.Why[0], "similar by embedding") {
					embedded++
					break
				}
			}
		}
		slices.Sort(times)
		pct := func(p float64) float64 { return float64(times[int(float64(len(times)-1)*p)].Microseconds()) / 1000 }
		return pct(0.50), pct(0.99), embedded
	}
	b.ResetTimer()
	plain50, plain99, _ := measure(nil)
	p50, p99, embedded := measure(emb)
	b.StopTimer()
	b.ReportMetric(plain50, "plain-p50-ms")
	b.ReportMetric(plain99, "plain-p99-ms")
	b.ReportMetric(p50, "embed-p50-ms")
	b.ReportMetric(p99, "embed-p99-ms")
	b.ReportMetric(p50-plain50, "extra-p50-ms")
	b.ReportMetric(100*float64(embedded)/float64(b.N), "%by-embedding")
}
