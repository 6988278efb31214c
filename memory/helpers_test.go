package memory

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// failure builds a report of a failure in module example.com/<mod>: funcs
// are the user frames, innermost first, each at line+i of file.
func failure(kind report.Kind, msg, test string, line int, funcs ...string) *report.Report {
	rep := report.Empty("test")
	pkg := Package(funcs[0])
	rep.Target.Package, rep.Target.Dir = pkg, "/src/"+pkg
	rep.Failure = &report.Failure{Kind: kind, Message: msg, Test: test,
		Location: report.Location{File: "/src/" + pkg + "/a.go", Line: line, Function: funcs[0]}}
	rep.Frames = append(rep.Frames, report.Frame{Function: "runtime.gopanic", File: "/go/src/runtime/panic.go", Line: 700})
	for i, f := range funcs {
		rep.Frames = append(rep.Frames, report.Frame{Function: f, File: "/src/" + pkg + "/a.go", Line: line + 10*i, User: true})
	}
	rep.Frames = append(rep.Frames, report.Frame{Function: "testing.tRunner", File: "/go/src/testing/testing.go", Line: 1900})
	return rep
}

// incident turns rep into an incident at time at.
func incident(t testing.TB, rep *report.Report, at time.Time) Incident {
	t.Helper()
	in, ok := NewIncident(rep, nil, "example.com/m", "/src/"+rep.Target.Package, at)
	if !ok {
		t.Fatal("no incident for a failing report")
	}
	return in
}

// testStore opens a new store in a temporary directory.
func testStore(t testing.TB) *SQLite {
	t.Helper()
	s, err := Open(context.Background(), Options{Path: filepath.Join(t.TempDir(), "sleuth", "memory.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var t0 = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

func day(n int) time.Time { return t0.Add(time.Duration(n) * 24 * time.Hour) }

func mustRecord(t testing.TB, s Store, in Incident) Incident {
	t.Helper()
	in, err := s.Record(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func describe(ms []Match) string {
	out := ""
	for _, m := range ms {
		out += fmt.Sprintf("#%d exact=%v %.2f %v; ", m.Incident.ID, m.Exact, m.Score, m.Why)
	}
	return out
}
