package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/capture"
)

// cmdDoctor checks what sleuth needs, one line each, and says what to do.
func cmdDoctor(ctx context.Context, stdout, stderr io.Writer) int {
	bad := 0
	check := func(name string, err error, okText string) {
		if err != nil {
			bad++
			fmt.Fprintf(stdout, "FAIL %-12s %v\n", name, err)
			return
		}
		fmt.Fprintf(stdout, "ok   %-12s %s\n", name, okText)
	}
	out, err := exec.CommandContext(ctx, "go", "version").Output()
	check("go", err, strings.TrimSpace(string(out)))

	scope, _ := os.ReadFile("/proc/sys/kernel/yama/ptrace_scope")
	s := strings.TrimSpace(string(scope))
	var perr error
	if s == "3" {
		perr = fmt.Errorf("kernel.yama.ptrace_scope is 3: debugging is disabled until reboot")
	}
	check("ptrace", perr, "ptrace_scope="+valueOr(s, "n/a"))

	o := capture.Options{}
	cache, cerr := os.UserCacheDir()
	if cerr == nil {
		cache = filepath.Join(cache, "sleuth")
		if cerr = os.MkdirAll(cache, 0o755); cerr == nil {
			f, err := os.CreateTemp(cache, "doctor")
			if cerr = err; err == nil {
				f.Close()
				os.Remove(f.Name())
			}
		}
	}
	check("cache", cerr, cache)
	o.CacheDir = cache

	check("worker", doctorWorker(ctx, o), "Delve worker launched and captured a test panic")

	host := os.Getenv("OLLAMA_HOST")
	if host == "" {
		host = "127.0.0.1:11434"
	}
	if !strings.Contains(host, "://") {
		host = "http://" + host
	}
	hc := http.Client{Timeout: time.Second}
	resp, oerr := hc.Get(host + "/api/version")
	if oerr == nil {
		resp.Body.Close()
		fmt.Fprintf(stdout, "ok   %-12s reachable at %s\n", "ollama", host)
	} else {
		fmt.Fprintf(stdout, "info %-12s not reachable at %s (optional: sleuth works without a model)\n", "ollama", host)
	}
	if bad > 0 {
		return exitUsage
	}
	return exitOK
}

// doctorWorker runs a tiny failing test end to end.
func doctorWorker(ctx context.Context, o capture.Options) error {
	dir, err := os.MkdirTemp("", "sleuth-doctor")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	files := map[string]string{
		"go.mod":    "module doctor\n\ngo 1.25\n",
		"d_test.go": "package doctor\n\nimport \"testing\"\n\nfunc TestDoctor(t *testing.T) {\n\tvar m map[string]int\n\tm[\"x\"] = 1\n}\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			return err
		}
	}
	// No hang watch: on a loaded machine a slow start is not a deadlock.
	o.Dir, o.Mode, o.HangAfter = dir, "test", -1
	rep, err := capture.Run(ctx, o)
	if err != nil {
		return err
	}
	if rep.Failure == nil || rep.Failure.Kind != "nil-map-write" {
		got := "no failure"
		if rep.Failure != nil {
			got = string(rep.Failure.Kind) + ": " + rep.Failure.Message
		}
		return fmt.Errorf("the worker did not capture the expected panic (it captured %s)", got)
	}
	return nil
}

func valueOr(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
