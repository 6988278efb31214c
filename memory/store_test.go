package memory

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

var ctx = context.Background()

func TestOpenCreatesPrivateFile(t *testing.T) {
	s := testStore(t)
	st, err := os.Stat(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("store mode %v, want 0600", st.Mode().Perm())
	}
	mustRecord(t, s, incident(t, failure(report.KindNilMapWrite, "m", "TestA", 1, "example.com/a.F"), t0))
	if st, err := os.Stat(s.Path() + "-wal"); err == nil && st.Mode().Perm() != 0o600 {
		t.Errorf("WAL mode %v, want 0600", st.Mode().Perm())
	}
	if st, err := os.Stat(filepath.Dir(s.Path())); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("directory mode %v, want 0700", st.Mode().Perm())
	}
}

// TestRecurrence: a failure seen again after an unrelated edit (its lines
// moved, its closure renumbered) is an exact match; the same bug in
// another method of the package is a similar one; an unrelated failure is
// neither.
func TestRecurrence(t *testing.T) {
	s := testStore(t)
	orig := mustRecord(t, s, incident(t, failure(report.KindNilMapWrite, "assignment to entry in nil map", "TestAdd", 9,
		"example.com/cart.(*Cart).Add", "example.com/cart.TestAdd"), t0))
	mustRecord(t, s, incident(t, failure(report.KindIndexOutOfRange, "index out of range [3] with length 3", "TestPage", 20,
		"example.com/feed.page", "example.com/feed.TestPage"), t0))

	again := failure(report.KindNilMapWrite, "assignment to entry in nil map", "TestAdd", 11,
		"example.com/cart.(*Cart).Add", "example.com/cart.TestAdd")
	sig, _ := SignatureOf(again)
	rc, err := s.Recall(ctx, sig, 5)
	if err != nil {
		t.Fatal(err)
	}
	if rc.Seen != 1 || len(rc.Matches) == 0 || !rc.Matches[0].Exact || rc.Matches[0].Incident.ID != orig.ID {
		t.Fatalf("re-run after an edit: seen %d, matches %s", rc.Seen, describe(rc.Matches))
	}

	variant := failure(report.KindNilMapWrite, "assignment to entry in nil map", "TestRemove", 30,
		"example.com/cart.(*Cart).Remove", "example.com/cart.TestRemove")
	sig, _ = SignatureOf(variant)
	rc, err = s.Recall(ctx, sig, 5)
	if err != nil {
		t.Fatal(err)
	}
	if rc.Seen != 0 || len(rc.Matches) != 1 || rc.Matches[0].Exact || rc.Matches[0].Incident.ID != orig.ID {
		t.Fatalf("variant: seen %d, matches %s", rc.Seen, describe(rc.Matches))
	}
	why := strings.Join(rc.Matches[0].Why, "; ")
	for _, w := range []string{"same kind (nil-map-write)", "same message", "same package example.com/cart"} {
		if !strings.Contains(why, w) {
			t.Errorf("why %q lacks %q", why, w)
		}
	}

	unrelated := failure(report.KindDivideByZero, "integer divide by zero", "TestRate", 5, "example.com/rate.perPage", "example.com/rate.TestRate")
	sig, _ = SignatureOf(unrelated)
	if rc, _ := s.Recall(ctx, sig, 5); len(rc.Matches) != 0 || rc.Seen != 0 {
		t.Errorf("unrelated failure recalled %s", describe(rc.Matches))
	}
}

func TestResolveAndFixes(t *testing.T) {
	s := testStore(t)
	rep := failure(report.KindNilMapWrite, "assignment to entry in nil map", "TestAdd", 9, "example.com/cart.(*Cart).Add", "example.com/cart.TestAdd")
	rep.Fixes = []report.Fix{{Title: "initialise items in New", Diff: "-\treturn &Cart{}\n+\treturn &Cart{items: map[string]int{}}\n"}}
	first := mustRecord(t, s, incident(t, rep, day(0)))
	mustRecord(t, s, incident(t, failure(report.KindNilMapWrite, "other", "TestOther", 9, "example.com/cart.other"), day(0)))
	bad, err := s.AddFix(ctx, first.ID, FixRecord{Title: "recover in Add", Diff: "+defer func() { recover() }()\n", Verified: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetFixOutcome(ctx, bad.ID, OutcomeFailed, false); err != nil {
		t.Fatal(err)
	}
	second := mustRecord(t, s, incident(t, rep, day(1)))

	ran := func(test string) bool { return test == "TestAdd" }
	done, err := s.Resolve(ctx, ResolveQuery{Package: "example.com/cart", Ran: ran}, func(in Incident) Resolution {
		return Resolution{Time: day(2), Commit: "0123456789abcdef", Files: []string{"cart.go"},
			Diff: "--- a/cart.go\n+++ b/cart.go\n-  return &Cart{}\n+  return &Cart{items: map[string]int{}}\n"}
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(done) != 2 {
		t.Fatalf("resolved %d incidents, want the 2 of TestAdd", len(done))
	}
	// A second pass resolves nothing: they are no longer open.
	if again, _ := s.Resolve(ctx, ResolveQuery{Package: "example.com/cart", Ran: ran}, func(Incident) Resolution { return Resolution{Time: day(3)} }); len(again) != 0 {
		t.Errorf("resolved %d incidents twice", len(again))
	}
	got, err := s.Get(ctx, second.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Resolved == nil || got.Resolved.Commit != "0123456789abcdef" {
		t.Fatalf("incident not resolved: %+v", got.Resolved)
	}
	if by := got.FixedBy(); by != "fix “initialise items in New”" {
		t.Errorf("FixedBy = %q", by)
	}
	open, _ := s.List(ctx, Filter{Open: true})
	if len(open) != 1 || open[0].Test != "TestOther" {
		t.Errorf("open incidents after resolution: %v", open)
	}

	sig, _ := SignatureOf(rep)
	worked, failed, err := s.FixesFor(ctx, sig)
	if err != nil {
		t.Fatal(err)
	}
	if len(worked) != 1 || worked[0].Title != "initialise items in New" || len(failed) != 1 || failed[0].Title != "recover in Add" {
		t.Errorf("worked %v\nfailed %v", worked, failed)
	}
	rc, _ := s.Recall(ctx, sig, 5)
	if rc.Seen != 2 || rc.LastFixed == nil {
		t.Fatalf("recall after the fix: seen %d, last fixed %v", rc.Seen, rc.LastFixed)
	}
	if h := rc.Hover(); h != "seen 2 times before in this module; last fixed on 2026-11-22 by fix “initialise items in New”" {
		t.Errorf("hover %q", h)
	}
}

func TestListForgetExportImport(t *testing.T) {
	s := testStore(t)
	for i := range 5 {
		mustRecord(t, s, incident(t, failure(report.KindCustomPanic, "boom", "TestX", i, "example.com/x.F"), day(i)))
	}
	ins, err := s.List(ctx, Filter{Limit: 2})
	if err != nil || len(ins) != 2 || !ins[0].Time.Equal(day(4)) {
		t.Fatalf("list: %v %v", ins, err)
	}
	var buf bytes.Buffer
	if n, err := Export(ctx, s, &buf); err != nil || n != 5 {
		t.Fatalf("export: %d %v", n, err)
	}
	n, err := s.Forget(ctx, Filter{Before: day(2)})
	if err != nil || n != 2 {
		t.Fatalf("forget before day 2: %d %v", n, err)
	}
	if _, err := s.Get(ctx, 1); !errors.Is(err, ErrNotFound) {
		t.Errorf("get a forgotten incident: %v", err)
	}
	back, err := ReadExport(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := s.Import(ctx, back); err != nil || n != 2 {
		t.Errorf("import: added %d (%v), want the 2 forgotten", n, err)
	}
	if n, _ := s.Import(ctx, back); n != 0 {
		t.Errorf("import twice added %d", n)
	}
	if _, err := ReadExport(strings.NewReader(`{"foo":1}`)); err == nil {
		t.Error("read a foreign file as an export")
	}
	if hits, err := s.Search(ctx, "boom TestX", 3); err != nil || len(hits) != 3 {
		t.Errorf("search: %d hits, %v", len(hits), err)
	}
	if hits, _ := s.Search(ctx, "nothing-like-it", 3); len(hits) != 0 {
		t.Errorf("search for nothing found %d", len(hits))
	}
}

func TestRetention(t *testing.T) {
	now := day(400)
	s, err := Open(ctx, Options{Path: filepath.Join(t.TempDir(), "m.db"), Now: func() time.Time { return now },
		Retention: Retention{MaxAge: 365 * 24 * time.Hour, MaxCount: -1}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustRecord(t, s, incident(t, failure(report.KindCustomPanic, "old", "TestX", 1, "example.com/x.F"), day(0)))
	mustRecord(t, s, incident(t, failure(report.KindCustomPanic, "new", "TestX", 1, "example.com/x.F"), day(399)))
	if ins, _ := s.List(ctx, Filter{}); len(ins) != 1 || ins[0].Message != "new" {
		t.Errorf("after recording past the age bound: %v", ins)
	}
	for i := range 4 {
		mustRecord(t, s, incident(t, failure(report.KindCustomPanic, "n", "TestX", i, "example.com/x.F"), day(390+i)))
	}
	if n, err := s.Prune(ctx, Retention{MaxCount: 2}); err != nil || n != 3 {
		t.Errorf("prune to 2: deleted %d (%v), want 3", n, err)
	}
}

// TestCorruptMovedAside: a damaged store is renamed, never deleted, and a
// new one works.
func TestCorruptMovedAside(t *testing.T) {
	path := filepath.Join(t.TempDir(), "memory.db")
	junk := bytes.Repeat([]byte("not a database "), 400)
	if err := os.WriteFile(path, junk, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if len(s.Notices()) != 1 || !strings.Contains(s.Notices()[0], "is not a readable SQLite database") {
		t.Fatalf("notices %q", s.Notices())
	}
	moved, _ := filepath.Glob(path + ".corrupt-*")
	if len(moved) != 1 {
		t.Fatalf("moved aside: %v", moved)
	}
	if b, _ := os.ReadFile(moved[0]); !bytes.Equal(b, junk) {
		t.Error("the moved file is not the original")
	}
	mustRecord(t, s, incident(t, failure(report.KindCustomPanic, "x", "TestX", 1, "example.com/x.F"), t0))
}

// TestNewerSchemaMovedAside: a store from a newer sleuth is kept intact
// under another name with a message that says what to do.
func TestNewerSchemaMovedAside(t *testing.T) {
	path := filepath.Join(t.TempDir(), "memory.db")
	s, err := Open(ctx, Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	mustRecord(t, s, incident(t, failure(report.KindCustomPanic, "x", "TestX", 1, "example.com/x.F"), t0))
	if _, err := s.db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if len(s.Notices()) != 1 || !strings.Contains(s.Notices()[0], fmt.Sprintf("schema version 99, newer than this sleuth's (%d): upgrade sleuth", SchemaVersion)) {
		t.Fatalf("notices %q", s.Notices())
	}
	moved, _ := filepath.Glob(path + ".v99-*")
	if len(moved) != 1 {
		t.Fatalf("moved aside: %v", moved)
	}
	old, err := sql.Open("sqlite", moved[0])
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	var n int
	if err := old.QueryRow("SELECT count(*) FROM incidents").Scan(&n); err != nil || n != 1 {
		t.Errorf("the moved store lost its incident: %d %v", n, err)
	}
}

// TestRedactedBeforeStored: secrets in the message, the evidence and the
// explanation never reach the file.
func TestRedactedBeforeStored(t *testing.T) {
	s := testStore(t)
	const secret = "sk-live-abcdefghijklmnopqrstuvwx0123456789"
	rep := failure(report.KindCustomPanic, "connect postgres://app:hunter2secret@db/prod token="+secret, "TestDB", 3, "example.com/db.Open")
	rep.Explanation = report.Explanation{Summary: "password=" + secret, Source: "evidence"}
	rep.Frames[1].Args = []report.Var{{Name: "apiKey", Value: secret}}
	mustRecord(t, s, incident(t, rep, t0))
	s.Checkpoint(ctx)
	for _, p := range []string{s.Path(), s.Path() + "-wal"} {
		b, _ := os.ReadFile(p)
		if bytes.Contains(b, []byte(secret)) || bytes.Contains(b, []byte("hunter2secret")) {
			t.Errorf("%s holds the secret", filepath.Base(p))
		}
	}
}
