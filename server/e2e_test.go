package server

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sleuth-dev/sleuth/internal/testenv"
)

// TestCancelInvestigation: a test that hangs is cancelled through its
// progress token; the end says canceled and no process is left behind.
func TestCancelInvestigation(t *testing.T) {
	testenv.NeedsDelve(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/hang\n\ngo 1.26\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "hang_test.go"), []byte("package hang\n\nimport (\n\t\"testing\"\n\t\"time\"\n)\n\nfunc TestHang(t *testing.T) {\n\ttime.Sleep(time.Hour)\n}\n"), 0o644)
	c := newClient(t, clientOptions{})
	c.command(cmdInvestigate, map[string]any{"uri": pathToURI(filepath.Join(dir, "hang_test.go")), "test": "TestHang"})
	c.await("running", func() bool {
		for _, p := range c.progress {
			if p.Message == "running…" {
				return true
			}
		}
		return false
	})
	c.mu.Lock()
	token := c.tokens[0]
	c.mu.Unlock()
	c.notify("window/workDoneProgress/cancel", map[string]any{"token": token})
	if msg := c.awaitEnd(1); msg != "canceled" {
		t.Fatalf("progress ended with %q, want canceled", msg)
	}
	if kids := children(t); len(kids) > 0 {
		t.Errorf("processes left behind: %v", kids)
	}
}

// children lists this process's child processes.
func children(t *testing.T) []string {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		t.Skip("no /proc")
	}
	self := strconv.Itoa(os.Getpid())
	var out []string
	for _, e := range ents {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		s := string(b)
		i := strings.LastIndex(s, ")")
		if f := strings.Fields(s[i+1:]); len(f) > 1 && f[1] == self {
			out = append(out, s)
		}
	}
	return out
}

// TestExplainTrace: a panic pasted from another machine's logs is mapped
// onto the workspace and published like a capture, without running it.
func TestExplainTrace(t *testing.T) {
	dir := extract(t, "nilderef")
	h := filepath.Join(dir, "handler.go")
	c := newClient(t, clientOptions{})
	trace := `2026/01/02 15:04:05 handling request
panic: runtime error: invalid memory address or nil pointer dereference
[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a1b2c]

goroutine 1 [running]:
example.com/app.Greet(0x2a)
	/home/ci/go/src/example.com/app/handler.go:23 +0x1d
example.com/app.TestGreet(0xc000003340)
	/home/ci/go/src/example.com/app/app_test.go:7 +0x25
exit status 2
`
	res := c.command(cmdExplain, map[string]any{"text": trace, "root": pathToURI(dir)})
	var started commandStarted
	if json.Unmarshal(res, &started) != nil || started.Job == 0 {
		t.Fatalf("explain result %s", res)
	}
	if msg := c.awaitEnd(1); !strings.HasPrefix(msg, "nil-deref") {
		t.Fatalf("explain ended with %q", msg)
	}
	c.await("diagnostic from the trace", func() bool { return len(c.diags[h]) == 1 })
	if d := c.diagnostics(h)[0]; d.Range.Start.Line != 22 || !strings.Contains(d.Message, "nil pointer") {
		t.Errorf("diagnostic: %+v", d)
	}
	// Text without a trace: one clear message, nothing published.
	c.command(cmdExplain, "just a log line")
	if msg := c.awaitEnd(2); !strings.Contains(msg, "no Go panic") {
		t.Errorf("explain of no trace ended with %q", msg)
	}
}

// TestModelAbsentKeepsEvidence: with the model on and no Ollama answering,
// the investigation publishes the evidence diagnostics as usual, ends
// normally, and the user is told once how to get the model.
func TestModelAbsentKeepsEvidence(t *testing.T) {
	testenv.NeedsDelve(t)
	dir := extract(t, "nilderef")
	c := newClient(t, clientOptions{initOptions: map[string]any{"ollama": map[string]any{"host": "http://127.0.0.1:1"}}})
	c.command(cmdInvestigate, map[string]any{"uri": pathToURI(filepath.Join(dir, "app_test.go")), "test": "TestGreet"})
	if msg := c.awaitEnd(1); msg == "canceled" || strings.Contains(msg, "fail") {
		t.Fatalf("progress ended with %q", msg)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if d := c.diags[filepath.Join(dir, "handler.go")]; len(d) == 0 {
		t.Errorf("no diagnostics for handler.go: %+v", c.diags)
	}
	hints := 0
	for _, m := range c.messages {
		if strings.Contains(m, "evidence alone") {
			hints++
		}
	}
	if hints != 1 {
		t.Errorf("want one hint about the model, got %q", c.messages)
	}
}

// TestMemoryInHover: the same failure investigated twice is remembered,
// and the crash hover says so.
func TestMemoryInHover(t *testing.T) {
	testenv.NeedsDelve(t)
	dir := extract(t, "nilderef")
	c := newClient(t, clientOptions{initOptions: map[string]any{"features": map[string]any{"model": false, "fixes": false}}})
	args := map[string]any{"uri": pathToURI(filepath.Join(dir, "app_test.go")), "test": "TestGreet"}
	c.command(cmdInvestigate, args)
	c.awaitEnd(1)
	c.command(cmdInvestigate, args)
	c.awaitEnd(2)
	var h struct {
		Contents struct{ Value string } `json:"contents"`
	}
	c.callT("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": pathToURI(filepath.Join(dir, "handler.go"))},
		"position": map[string]any{"line": 22, "character": 1}}, &h)
	if !strings.Contains(h.Contents.Value, "**Memory:** seen") {
		t.Errorf("hover has no memory line:\n%s", h.Contents.Value)
	}
}
