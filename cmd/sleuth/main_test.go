package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/sleuth-dev/sleuth/analysis/capture"
)

func TestMain(m *testing.M) {
	// The engine re-executes this binary as its worker.
	capture.MaybeWorker()
	testscript.Main(m, map[string]func(){
		"sleuth": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the CLI scenarios in testdata/script against real Go
// modules, a real build and a real Delve. A script that runs a real Delve
// session starts with testenv.DelveReason's line, so that -short keeps
// only the quick ones:
//
//	[short] skip 'runs a real Delve session; skipped under -short'
func TestScripts(t *testing.T) {
	gocache := goEnv(t, "GOCACHE")
	gomodcache := goEnv(t, "GOMODCACHE")
	shared := filepath.Join(os.TempDir(), "sleuth-script-cache")
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("GOCACHE", gocache)
			env.Setenv("GOMODCACHE", gomodcache)
			env.Setenv("GOPROXY", "off")
			env.Setenv("GOFLAGS", "-mod=mod")
			env.Setenv("XDG_CACHE_HOME", shared)
			env.Setenv("HOME", env.WorkDir)
			env.Setenv("NO_COLOR", "1")
			// No model in scripts: a developer's running Ollama must not
			// change their output (the model has its own tests).
			env.Setenv("SLEUTH_MODEL", "off")
			return nil
		},
	})
}

func goEnv(t *testing.T, name string) string {
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}
