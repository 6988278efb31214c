package deps

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"testing"
)

// module is the sleuth module's path; the tables name packages relative to
// it ("analysis/fix", "server").
const module = "github.com/sleuth-dev/sleuth"

// where is said in every failure, so that whoever meets one knows what to
// edit (or what not to import).
const where = "internal/deps/deps_test.go"

// layers is the table: for every package of the module, the sleuth packages
// its non-test files may import directly. The standard library is always
// allowed; third-party imports are governed by families. A package missing
// here fails the test, so a new package starts by saying what it may use.
//
// Tighten by deleting entries: `go test -v ./internal/deps` logs every
// allowance the code no longer uses. Test files may import any sleuth package
// (tests drive real captures through the engine); only their third-party
// imports are checked.
var layers = map[string][]string{
	// Leaves: the report (the JSON contract) and small shared facts.
	"analysis/report":     {},
	"analysis/source":     {},
	"analysis/gotest":     {},
	"analysis/redact":     {"analysis/report"},
	"analysis/postmortem": {"analysis/report"},

	// Static analysis: the analyzers, their driver, root cause.
	"analysis/passes/internal/astq":    {},
	"analysis/passes/internal/lockset": {"analysis/passes/internal/astq"},
	"analysis/passes/condwait":         {"analysis/passes/internal/astq"},
	"analysis/passes/ctorbypass":       {"analysis/passes/internal/astq"},
	"analysis/passes/discardederr":     {"analysis/passes/internal/astq"},
	"analysis/passes/doubleclose":      {"analysis/passes/internal/astq"},
	"analysis/passes/lockorder":        {"analysis/passes/internal/astq", "analysis/passes/internal/lockset"},
	"analysis/passes/offbyone":         {"analysis/passes/internal/astq"},
	"analysis/passes/skippeddone":      {"analysis/passes/internal/astq"},
	"analysis/passes/unlockedmap":      {"analysis/passes/internal/astq", "analysis/passes/internal/lockset"},
	"analysis/passes": {
		"analysis/passes/condwait", "analysis/passes/ctorbypass", "analysis/passes/discardederr",
		"analysis/passes/doubleclose", "analysis/passes/lockorder", "analysis/passes/offbyone",
		"analysis/passes/skippeddone", "analysis/passes/unlockedmap",
	},
	"analysis/rootcause": {"analysis/passes", "analysis/report", "analysis/source"},

	// The capture engine, the one user of Delve.
	"analysis/capture": {"analysis/postmortem", "analysis/report", "analysis/source"},

	// Fixes, the model client and memory: none reaches the capture engine.
	"analysis/fix":                     {"analysis/gotest", "analysis/report", "analysis/source"},
	"analysis/model":                   {"analysis/fix", "analysis/redact", "analysis/report", "analysis/source"},
	"analysis/model/internal/tinygguf": {},
	"analysis/model/ollamatest":        {"analysis/model/internal/tinygguf"},
	"memory":                           {"analysis/redact", "analysis/report"},

	// Experiments: changes and re-runs of the plain test binary, no Delve.
	"analysis/experiment": {"analysis/fix", "analysis/gotest", "analysis/report"},

	// The pipeline every front end calls (investigate.Run).
	"analysis/investigate": {
		"analysis/capture", "analysis/experiment", "analysis/fix", "analysis/gotest", "analysis/model", "analysis/postmortem",
		"analysis/redact", "analysis/report", "analysis/rootcause", "analysis/source", "memory",
	},

	// Front ends. Today both take capture's defaults and option types and
	// model's config; the CLI also calls capture.MaybeWorker first in main,
	// runs `sleuth doctor` and `sleuth core` on capture, and `sleuth
	// explain`, `eval` and `memory` on postmortem, source, rootcause and
	// memory. Tighten as those come through investigate: the aim is
	// investigate and report (and capture, for MaybeWorker, in the CLI).
	"server": {"analysis/capture", "analysis/investigate", "analysis/model", "analysis/redact", "analysis/report"},
	"cmd/sleuth": {
		"analysis/capture", "analysis/investigate", "analysis/model", "analysis/postmortem", "analysis/report",
		"analysis/rootcause", "analysis/source", "memory", "server",
	},

	// Test support, imported by tests only: no entry above names them.
	"internal/testenv": {},
	"internal/deps":    {},
}

// A family is a third-party dependency and the rule for who may use it.
type family struct {
	name string
	// paths are module or package paths; their sub-packages belong too.
	paths []string
	// importers are the sleuth packages whose non-test files may import the
	// family directly; testImporters may too, from test files only.
	importers, testImporters []string
	// dependents, when not nil, are the only sleuth packages that may
	// depend on the family at all, directly or through other packages: the
	// heavy families stay out of the leaves (the model client does not pull
	// in Delve).
	dependents []string
}

// families lists every third-party dependency the module's packages import:
// one that is in no family fails the test, so adding a dependency is a
// decision made here.
var families = []family{
	{
		name:       "Delve",
		paths:      []string{"github.com/go-delve/delve"},
		importers:  []string{"analysis/capture"},
		dependents: []string{"analysis/capture", "analysis/investigate", "server", "cmd/sleuth"},
	},
	{
		name:      "the LSP libraries",
		paths:     []string{"github.com/tliron/glsp", "github.com/sourcegraph/jsonrpc2"},
		importers: []string{"server"},
		// The CLI's parity test drives `sleuth serve` as an LSP client.
		testImporters: []string{"cmd/sleuth"},
		dependents:    []string{"server", "cmd/sleuth"},
	},
	{
		// The client package only (github.com/ollama/ollama/api). The
		// helpers analysis/model/ollamatest and analysis/model/internal/tinygguf
		// run the ollama binary and write a model file without it.
		name:       "Ollama",
		paths:      []string{"github.com/ollama/ollama"},
		importers:  []string{"analysis/model"},
		dependents: []string{"analysis/model", "analysis/investigate", "server", "cmd/sleuth"},
	},
	{
		// modernc.org/sqlite and the modernc.org modules it is built from.
		name:       "SQLite",
		paths:      []string{"modernc.org"},
		importers:  []string{"memory"},
		dependents: []string{"memory", "analysis/investigate", "server", "cmd/sleuth"},
	},
	{
		name:  "golang.org/x/tools",
		paths: []string{"golang.org/x/tools"},
		importers: []string{
			"analysis/experiment", "analysis/fix", "analysis/rootcause", "analysis/passes",
			"analysis/passes/condwait", "analysis/passes/ctorbypass", "analysis/passes/discardederr",
			"analysis/passes/doubleclose", "analysis/passes/lockorder", "analysis/passes/offbyone",
			"analysis/passes/skippeddone", "analysis/passes/unlockedmap",
			"analysis/passes/internal/astq", "analysis/passes/internal/lockset",
		},
		testImporters: []string{"server"}, // txtar scenarios
	},
	{
		name:      "panicparse",
		paths:     []string{"github.com/maruel/panicparse"},
		importers: []string{"analysis/postmortem"},
	},
	{
		name:          "testscript",
		paths:         []string{"github.com/rogpeppe/go-internal"},
		testImporters: []string{"cmd/sleuth"},
	},
}

// pkg is what `go list -json` says of one package.
type pkg struct {
	ImportPath                string
	Imports, Deps             []string
	TestImports, XTestImports []string
	Error                     *struct{ Err string }
}

// TestImports checks the module's real import graph against layers and
// families. It is fast (one `go list`), so it runs under -short too.
func TestImports(t *testing.T) {
	all := goList(t)
	ours := map[string]*pkg{} // by path relative to the module
	for path, p := range all {
		if rel, ok := relative(path); ok {
			ours[rel] = p
		}
	}

	// The table and the module name the same packages.
	for _, rel := range sortedKeys(ours) {
		if _, ok := layers[rel]; !ok {
			t.Errorf("%s is not in the table: add a line for it to layers in %s, saying which sleuth packages it may import", rel, where)
		}
	}
	for _, rel := range sortedKeys(layers) {
		if ours[rel] == nil {
			t.Errorf("layers in %s names %s, which is not a package of the module: remove its line", where, rel)
		}
		for _, to := range layers[rel] {
			if _, ok := layers[to]; !ok {
				t.Errorf("layers in %s lets %s import %s, which is not in the table", where, rel, to)
			}
		}
	}
	for _, f := range families {
		for _, rel := range slices.Concat(f.importers, f.testImporters, f.dependents) {
			if _, ok := layers[rel]; !ok {
				t.Errorf("families in %s names %s for %s, which is not in the table", where, rel, f.name)
			}
		}
	}

	used := map[[2]string]bool{}
	for _, rel := range sortedKeys(ours) {
		p := ours[rel]
		for _, imp := range p.Imports {
			if to, ok := relative(imp); ok {
				used[[2]string{rel, to}] = true
				if _, known := layers[rel]; known && !slices.Contains(layers[rel], to) {
					t.Errorf("%s imports %s, which layers in %s does not allow", rel, to, where)
				}
				continue
			}
			checkThirdParty(t, rel, imp, false)
		}
		for _, imp := range append(slices.Clone(p.TestImports), p.XTestImports...) {
			if _, ok := relative(imp); !ok {
				checkThirdParty(t, rel, imp, true)
			}
		}
		for _, f := range families {
			if f.dependents == nil || slices.Contains(f.dependents, rel) {
				continue
			}
			if slices.ContainsFunc(p.Deps, f.has) {
				t.Errorf("%s depends on %s (%s); only %s may (families in %s)",
					rel, f.name, strings.Join(chain(all, p.ImportPath, f.has), " → "), strings.Join(f.dependents, ", "), where)
			}
		}
	}

	// What the table allows and the code does not use: candidates for
	// tightening.
	for _, rel := range sortedKeys(layers) {
		for _, to := range layers[rel] {
			if ours[rel] != nil && !used[[2]string{rel, to}] {
				t.Logf("%s may import %s but does not: the line could be tightened", rel, to)
			}
		}
	}
}

// checkThirdParty reports imp, imported by the sleuth package rel (from a
// test file when test is set), unless it is standard or its family allows
// rel. Standard packages are told by their first element, which has no
// dot: a package only tests import is not in go list -deps' output.
func checkThirdParty(t *testing.T, rel, imp string, test bool) {
	t.Helper()
	if !strings.Contains(strings.Split(imp, "/")[0], ".") {
		return // the standard library (or "C")
	}
	files := "non-test files"
	if test {
		files = "test files"
	}
	for _, f := range families {
		if !f.has(imp) {
			continue
		}
		if slices.Contains(f.importers, rel) || test && slices.Contains(f.testImporters, rel) {
			return
		}
		may := f.importers
		if test {
			may = append(slices.Clone(f.importers), f.testImporters...)
		}
		who := "no sleuth package"
		if len(may) > 0 {
			who = "only " + strings.Join(may, ", ")
		}
		t.Errorf("%s imports %s (%s) in its %s; %s may (families in %s)", rel, imp, f.name, files, who, where)
		return
	}
	t.Errorf("%s imports %s in its %s, which is in no family: add one to families in %s, saying who may use it", rel, imp, files, where)
}

// has reports whether the import path belongs to the family.
func (f family) has(path string) bool {
	for _, p := range f.paths {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return false
}

// chain returns a shortest path through non-test imports from one package
// to the first that is a target, naming sleuth packages relative to the
// module.
func chain(all map[string]*pkg, from string, target func(string) bool) []string {
	prev := map[string]string{from: ""}
	queue := []string{from}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		if target(cur) {
			var path []string
			for n := cur; n != ""; n = prev[n] {
				name := n
				if rel, ok := relative(n); ok {
					name = rel
				}
				path = append(path, name)
			}
			slices.Reverse(path)
			return path
		}
		if p := all[cur]; p != nil {
			for _, imp := range p.Imports {
				if _, seen := prev[imp]; !seen {
					prev[imp] = cur
					queue = append(queue, imp)
				}
			}
		}
	}
	return []string{from, "…"}
}

// goList reads the import graph of the module's packages and everything
// they depend on, by import path.
func goList(t *testing.T) map[string]*pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-e", "-deps",
		"-json=ImportPath,Imports,Deps,TestImports,XTestImports,Error", module+"/...")
	cmd.Dir = "../.." // the module root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.Bytes())
	}
	all := map[string]*pkg{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		p := new(pkg)
		if err := dec.Decode(p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("go list: reading its output: %v", err)
		}
		if _, ok := relative(p.ImportPath); ok && p.Error != nil {
			t.Errorf("go list: %s: %s (its imports may be incomplete)", p.ImportPath, p.Error.Err)
		}
		all[p.ImportPath] = p
	}
	if len(all) == 0 {
		t.Fatal("go list listed no packages")
	}
	return all
}

// relative returns the path of a sleuth package relative to the module.
func relative(path string) (string, bool) {
	if path == module {
		return ".", true
	}
	rel, ok := strings.CutPrefix(path, module+"/")
	return rel, ok
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
