package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/sleuth-dev/sleuth/analysis/redact"
	"github.com/sleuth-dev/sleuth/analysis/report"
	"github.com/sleuth-dev/sleuth/internal/testenv"
)

// TestParity runs one failing module through the CLI (sleuth test --json)
// and through the language server (sleuth serve, sleuth.investigate then
// sleuth.showReport), each with its own copy of one seeded memory store,
// and checks that both front ends give the same answer: suspects, fixes
// and their verification, what memory recalls, notes, and redaction of a
// secret-named local and of a user pattern.
func TestParity(t *testing.T) {
	testenv.NeedsDelve(t)
	dir := t.TempDir()
	copyTree(t, "testdata/parity", dir)
	pkg := filepath.Join(dir, "orders")
	t.Setenv("SLEUTH_MODEL", "off")
	t.Setenv("SLEUTH_REDACT", "")

	// A first run records the failure: both paths then recall it.
	seed := filepath.Join(t.TempDir(), "seed.db")
	t.Setenv("SLEUTH_MEMORY", seed)
	cliReport(t, pkg)
	cliStore, srvStore := copyStore(t, seed), copyStore(t, seed)

	t.Setenv("SLEUTH_MEMORY", cliStore)
	cli := cliReport(t, pkg, "--redact", `order-\d+`)
	t.Setenv("SLEUTH_MEMORY", srvStore)
	srv := serverReport(t, filepath.Join(pkg, "orders_test.go"), "TestBook",
		map[string]any{"features": map[string]any{"model": false}, "redact": []string{`order-\d+`}})

	if cli.Failure == nil || srv.Failure == nil || cli.Failure.Kind != srv.Failure.Kind {
		t.Fatalf("failures differ: CLI %+v, server %+v", cli.Failure, srv.Failure)
	}
	type sus struct {
		File string
		Line int
	}
	suspects := func(r *report.Report) (out []sus) {
		for _, s := range r.Suspects {
			out = append(out, sus{s.File, s.Line})
		}
		return out
	}
	if a, b := suspects(cli), suspects(srv); len(a) == 0 || !slices.Equal(a, b) {
		t.Errorf("suspects differ:\nCLI    %v\nserver %v", a, b)
	}
	fixes := func(r *report.Report) (out []string) {
		for _, f := range r.Fixes {
			out = append(out, f.Title+" verified="+boolText(f.Verified)+" "+f.Source)
		}
		return out
	}
	if a, b := fixes(cli), fixes(srv); len(a) == 0 || !slices.Equal(a, b) {
		t.Errorf("fixes differ:\nCLI    %q\nserver %q", a, b)
	}
	if !cli.Fixes[0].Verified {
		t.Errorf("the first fix is not verified: %+v", cli.Fixes[0])
	}
	recalled := func(r *report.Report) (out []int64) {
		for _, m := range r.Memory.Matches {
			out = append(out, m.Incident)
		}
		return out
	}
	if a, b := recalled(cli), recalled(srv); len(a) == 0 || !slices.Equal(a, b) || cli.Memory.Seen != srv.Memory.Seen {
		t.Errorf("memory differs: CLI seen %d %v, server seen %d %v", cli.Memory.Seen, a, srv.Memory.Seen, b)
	}
	if !slices.Equal(cli.Notes, srv.Notes) {
		t.Errorf("notes differ:\nCLI    %q\nserver %q", cli.Notes, srv.Notes)
	}
	for name, r := range map[string]*report.Report{"CLI": cli, "server": srv} {
		js, _ := json.Marshal(r)
		for _, secret := range []string{"tok-canary-5150-secret", "order-4711"} {
			if bytes.Contains(js, []byte(secret)) {
				t.Errorf("%s report holds %q", name, secret)
			}
		}
		if !bytes.Contains(js, []byte(redact.Mask)) {
			t.Errorf("%s report has no %s", name, redact.Mask)
		}
	}
}

func boolText(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// cliReport runs sleuth test --json on pkg in-process and decodes it.
func cliReport(t *testing.T, pkg string, flags ...string) *report.Report {
	t.Helper()
	var out, errOut bytes.Buffer
	args := append([]string{"test", "--json", "-run", "^TestBook$"}, flags...)
	if code := run(append(args, pkg), nil, &out, &errOut); code != exitFailure {
		t.Fatalf("sleuth test exit %d, want %d\n%s", code, exitFailure, errOut.String())
	}
	rep := &report.Report{}
	if err := json.Unmarshal(out.Bytes(), rep); err != nil {
		t.Fatalf("sleuth test --json: %v\n%s", err, out.String())
	}
	return rep
}

// serverReport runs sleuth serve in-process over a pipe, investigates test
// in file with settings, waits for the investigation's progress to end,
// and returns the report sleuth.showReport gives.
func serverReport(t *testing.T, file, test string, settings map[string]any) *report.Report {
	t.Helper()
	srvSide, cliSide := net.Pipe()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	done := make(chan int, 1)
	go func() { done <- cmdServe(ctx, nil, srvSide, srvSide, io.Discard) }()
	c := &lspClient{ended: make(chan string, 8), settings: settings}
	conn := jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(cliSide, jsonrpc2.VSCodeObjectCodec{}), jsonrpc2.AsyncHandler(c))
	defer func() {
		_ = conn.Call(ctx, "shutdown", nil, nil)
		_ = conn.Notify(ctx, "exit", nil)
		select {
		case <-done:
		case <-ctx.Done():
			t.Error("sleuth serve did not stop after exit")
		}
		conn.Close()
	}()
	caps := map[string]any{"window": map[string]any{"workDoneProgress": true}, "workspace": map[string]any{"configuration": true}}
	if err := conn.Call(ctx, "initialize", map[string]any{"capabilities": caps, "initializationOptions": settings, "rootUri": "file://" + filepath.Dir(file)}, nil); err != nil {
		t.Fatal(err)
	}
	_ = conn.Notify(ctx, "initialized", map[string]any{})
	token := "parity-investigate"
	args := map[string]any{"command": "sleuth.investigate", "workDoneToken": token,
		"arguments": []any{map[string]any{"uri": "file://" + file, "test": test}}}
	if err := conn.Call(ctx, "workspace/executeCommand", args, nil); err != nil {
		t.Fatal(err)
	}
	for {
		select {
		case tok := <-c.ended:
			if tok != token {
				continue
			}
		case <-ctx.Done():
			t.Fatal("the investigation did not end")
		}
		break
	}
	var res struct {
		Report *report.Report `json:"report"`
	}
	if err := conn.Call(ctx, "workspace/executeCommand", map[string]any{"command": "sleuth.showReport", "arguments": []any{}}, &res); err != nil || res.Report == nil {
		t.Fatalf("sleuth.showReport: %v", err)
	}
	return res.Report
}

// lspClient answers the server's requests as an editor would and says
// when a progress ends.
type lspClient struct {
	settings map[string]any
	ended    chan string // tokens of ended progress
}

func (c *lspClient) Handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	var reply any
	switch req.Method {
	case "$/progress":
		var p struct {
			Token any `json:"token"`
			Value struct {
				Kind string `json:"kind"`
			} `json:"value"`
		}
		if req.Params != nil && json.Unmarshal(*req.Params, &p) == nil && p.Value.Kind == "end" {
			if s, ok := p.Token.(string); ok {
				c.ended <- s
			}
		}
	case "workspace/configuration":
		reply = []any{c.settings}
	}
	if !req.Notif {
		_ = conn.Reply(ctx, req.ID, reply)
	}
}

// copyTree copies the files under src into dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// copyStore copies a closed memory store (and any journal beside it) to a
// new file and returns its path.
func copyStore(t *testing.T, path string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "memory.db")
	matches, _ := filepath.Glob(path + "*")
	for _, m := range matches {
		b, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst+strings.TrimPrefix(m, path), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}
