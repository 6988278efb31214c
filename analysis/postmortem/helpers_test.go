package postmortem

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The testdata traces were produced by small programs in a module named
// github.com/acme/svc, built and run in /tmp/pmgen (see testdata/README.md).
const (
	genDir     = "/tmp/pmgen/"
	testModule = "github.com/acme/svc"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// relocated returns a testdata trace as if it had been produced with the
// module checked out under another directory prefix, so that tests never
// depend on whether /tmp/pmgen happens to exist on the machine running them.
func relocated(t testing.TB, name, prefix string) []byte {
	t.Helper()
	return []byte(strings.ReplaceAll(string(readTestdata(t, name)), genDir, prefix))
}

// workspace creates a checkout of the test module named "svc" in a temporary
// directory and returns its root. Files get enough lines for any trace line.
func workspace(t testing.TB, withGoMod bool, files ...string) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), "svc")
	if withGoMod {
		files = append(files, "go.mod")
	}
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		content := strings.Repeat("// line\n", 100)
		if f == "go.mod" {
			content = "// the test module\nmodule " + testModule + " // comment\n\ngo 1.26\n"
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// userFiles are the files of the test module that the traces mention.
var userFiles = []string{
	"handler/handler.go",
	"cmd/nilderef/main.go",
	"cmd/customerr/main.go",
	"cmd/race/main.go",
	"svc/svc.go",
	"svc/svc_test.go",
}
