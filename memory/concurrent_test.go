package memory

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// writerEnv turns the test binary into a store writer (see writer).
const writerEnv = "SLEUTH_MEMORY_TEST_WRITER"

func TestMain(m *testing.M) {
	if spec := os.Getenv(writerEnv); spec != "" {
		if err := writer(spec); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	code := m.Run()
	ollama.Stop()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// writer is one process of TestTwoProcesses: "path,name,n". It waits for
// its stdin to close, so that every writer starts together, then opens the
// store (maybe creating it while the other does too) and does n rounds of
// record, recall, list and resolve, as sleuth test and an editor would.
func writer(spec string) error {
	parts := strings.Split(spec, ",")
	path, name := parts[0], parts[1]
	n, _ := strconv.Atoi(parts[2])
	io.Copy(io.Discard, os.Stdin)
	ctx := context.Background()
	s, err := Open(ctx, Options{Path: path})
	if err != nil {
		return err
	}
	defer s.Close()
	for i := range n {
		rep := failure(report.KindCustomPanic, fmt.Sprintf("%s failure %d", name, i), "Test"+name, i, "example.com/shared.F", "example.com/shared.Test"+name)
		in, _ := NewIncident(rep, nil, "example.com/shared", "/src", time.Now())
		if _, err := s.Record(ctx, in); err != nil {
			return fmt.Errorf("%s: record %d: %w", name, i, err)
		}
		if _, err := s.Recall(ctx, in.Signature, 5); err != nil {
			return fmt.Errorf("%s: recall %d: %w", name, i, err)
		}
		if _, err := s.List(ctx, Filter{Limit: 5}); err != nil {
			return fmt.Errorf("%s: list %d: %w", name, i, err)
		}
		if i%10 == 9 {
			_, err := s.Resolve(ctx, ResolveQuery{Package: "example.com/shared", Ran: func(t string) bool { return t == "Test"+name }},
				func(Incident) Resolution { return Resolution{Time: time.Now()} })
			if err != nil {
				return fmt.Errorf("%s: resolve %d: %w", name, i, err)
			}
		}
	}
	return nil
}

// TestTwoProcesses: two sleuth processes on one store (two editor windows,
// or an editor and a terminal), starting on a store neither has created,
// write and read at once without an error or a lost write.
func TestTwoProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sleuth", "memory.db")
	const n = 60
	var cmds []*exec.Cmd
	var gates []io.WriteCloser
	for _, name := range []string{"A", "B"} {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s,%s,%d", writerEnv, path, name, n))
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		gate, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if t.Failed() {
				t.Logf("writer %s: %s", name, out.String())
			}
		})
		cmds, gates = append(cmds, cmd), append(gates, gate)
	}
	for _, g := range gates {
		g.Close()
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("writer %d: %v", i, err)
		}
	}
	s, err := Open(context.Background(), Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, name := range []string{"A", "B"} {
		ins, err := s.List(context.Background(), Filter{Test: "Test" + name, Limit: -1})
		if err != nil {
			t.Fatal(err)
		}
		if len(ins) != n {
			t.Errorf("writer %s: %d incidents stored, want %d", name, len(ins), n)
		}
		open := 0
		for _, in := range ins {
			if in.Resolved == nil {
				open++
			}
		}
		if open != 0 {
			t.Errorf("writer %s: %d incidents left open after its last resolve", name, open)
		}
	}
}
