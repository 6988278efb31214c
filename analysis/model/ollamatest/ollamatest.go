// Package ollamatest runs a real Ollama server with a tiny model for tests:
// no download, no weights but the ones internal/tinygguf writes. The
// server (built by scripts/ollama.sh, named by SLEUTH_OLLAMA) listens on a
// free loopback port with its models and home in a temp dir; Stop kills
// its whole process group.
//
// A test package holds one Server, started on first use, and stops it in
// TestMain:
//
//	var srv ollamatest.Server
//
//	func TestMain(m *testing.M) { code := m.Run(); srv.Stop(); os.Exit(code) }
//
//	func TestX(t *testing.T) { host := srv.Host(t); … }
//
// Without a binary Host skips the test with the reason, except in CI
// (CI=true), where it fails: CI builds the server, so its absence is a bug.
package ollamatest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/model/internal/tinygguf"
)

// TinyModel is the name the tiny model is created under.
const TinyModel = "tiny"

// Server is one Ollama server with the tiny model created. The zero value
// is ready; the server starts on the first Host call.
type Server struct {
	once sync.Once
	err  error // why the server is not available (set once)
	skip bool  // err is a reason to skip, not to fail
	host string
	dir  string
	cmd  *exec.Cmd
	done chan struct{} // closed when the server has been waited for
	up   time.Time     // when the server said it was listening
	log  syncBuffer
}

// Binary finds the server binary: $SLEUTH_OLLAMA, scripts/ollama.sh's
// install directory, then PATH.
func Binary() (string, error) {
	if p := os.Getenv("SLEUTH_OLLAMA"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("SLEUTH_OLLAMA: %w", err)
		}
		return p, nil
	}
	cache := os.Getenv("XDG_CACHE_HOME")
	if cache == "" {
		home, _ := os.UserHomeDir()
		cache = filepath.Join(home, ".cache")
	}
	p := filepath.Join(cache, "sleuth", "ollama", "v0.11.4", "ollama")
	if _, err := os.Stat(p); err == nil {
		return p, nil
	}
	if p, err := exec.LookPath("ollama"); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("no ollama binary: run scripts/ollama.sh (builds it from the Go module proxy) or set SLEUTH_OLLAMA")
}

// Host returns the running server's "127.0.0.1:port", starting it on
// first use, or skips or fails t when there is none.
func (s *Server) Host(t testing.TB) string {
	t.Helper()
	s.once.Do(func() {
		start := time.Now()
		s.start()
		if s.err == nil {
			t.Logf("ollama: server up in %v, tiny model created in %v", s.up.Sub(start).Round(time.Millisecond), time.Since(s.up).Round(time.Millisecond))
		}
	})
	if s.err != nil {
		if s.skip && os.Getenv("CI") != "true" {
			t.Skip("real Ollama tests skipped: " + s.err.Error())
		}
		t.Fatalf("real Ollama: %v", s.err)
	}
	return s.host
}

// Log is what the server printed so far.
func (s *Server) Log() string { return s.log.String() }

func (s *Server) start() {
	bin, err := Binary()
	if err != nil {
		s.err, s.skip = err, true
		return
	}
	s.dir, err = os.MkdirTemp("", "sleuth-ollama-")
	if err != nil {
		s.err = err
		return
	}
	port, err := FreePort()
	if err != nil {
		s.err = err
		return
	}
	s.host = fmt.Sprintf("127.0.0.1:%d", port)
	env := append(os.Environ(),
		"OLLAMA_HOST="+s.host,
		"OLLAMA_MODELS="+filepath.Join(s.dir, "models"),
		"HOME="+s.dir, // ollama writes its key pair under ~/.ollama
		"OLLAMA_NOPRUNE=1",
		"OLLAMA_KEEP_ALIVE=10m",
		"OLLAMA_NEW_ENGINE=", // the new engine cannot embed with the tiny model
	)
	s.cmd = exec.Command(bin, "serve")
	s.cmd.Env = env
	s.cmd.SysProcAttr = serverAttr()
	pr, pw := io.Pipe()
	s.cmd.Stdout, s.cmd.Stderr = pw, pw
	if err := s.cmd.Start(); err != nil {
		s.err = fmt.Errorf("starting %s: %w", bin, err)
		return
	}
	// Wait for the server's "Listening on" line rather than polling.
	ready := make(chan struct{})
	go func() { // ends when the server's output closes (Stop)
		sc := bufio.NewScanner(pr)
		signalled := false
		for sc.Scan() {
			s.log.WriteString(sc.Text() + "\n")
			if !signalled && strings.Contains(sc.Text(), "Listening on") {
				close(ready)
				signalled = true
			}
		}
		if !signalled {
			close(ready)
		}
	}()
	s.done = make(chan struct{})
	go func() { s.cmd.Wait(); pw.Close(); close(s.done) }() // owner: Stop kills the group and waits
	select {
	case <-ready:
	case <-time.After(30 * time.Second):
	}
	if !strings.Contains(s.log.String(), "Listening on") {
		s.err = fmt.Errorf("ollama serve did not start; its log:\n%s", s.log.String())
		return
	}
	s.up = time.Now()
	// The model: generated here, created through the real CLI.
	if err := tinygguf.WriteFile(filepath.Join(s.dir, "tiny.gguf")); err != nil {
		s.err = err
		return
	}
	modelfile := `FROM ./tiny.gguf
TEMPLATE """{{- range .Messages }}{{ .Role }}: {{ .Content }}
{{ end }}assistant: """
PARAMETER num_ctx 2048
PARAMETER num_thread 1
`
	if err := os.WriteFile(filepath.Join(s.dir, "Modelfile"), []byte(modelfile), 0o644); err != nil {
		s.err = err
		return
	}
	create := exec.Command(bin, "create", TinyModel, "-f", "Modelfile")
	create.Dir, create.Env = s.dir, env
	if out, err := create.CombinedOutput(); err != nil {
		s.err = fmt.Errorf("ollama create: %v\n%s", err, out)
	}
}

// Stop kills the server's process group and removes its files. It is a
// no-op for a server never started.
func (s *Server) Stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		killGroup(s.cmd.Process)
		<-s.done
	}
	if s.dir != "" {
		os.RemoveAll(s.dir)
	}
}

// FreePort returns a loopback port nothing listens on (at the time).
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// syncBuffer is a bytes.Buffer safe for one writer and many readers.
type syncBuffer struct {
	mu sync.Mutex // guards b
	b  bytes.Buffer
}

func (b *syncBuffer) WriteString(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.b.WriteString(s)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
