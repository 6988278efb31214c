package investigate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/capture"
	"github.com/sleuth-dev/sleuth/analysis/model"
	"github.com/sleuth-dev/sleuth/analysis/redact"
	"github.com/sleuth-dev/sleuth/analysis/report"
	"github.com/sleuth-dev/sleuth/memory"
)

// memoryEnv names the store file; "off" turns memory off.
const memoryEnv = "SLEUTH_MEMORY"

// StorePath is where the store is: $SLEUTH_MEMORY, else the default.
// on is false when memory is turned off.
func StorePath(flagPath string) (path string, on bool, err error) {
	if flagPath != "" {
		return flagPath, true, nil
	}
	switch v := os.Getenv(memoryEnv); v {
	case "off", "0", "false":
		return "", false, nil
	case "":
		p, err := memory.DefaultPath()
		return p, err == nil, err
	default:
		return v, true, nil
	}
}

// Remember records a failure in the incident store and fills rep.Memory
// with what the store recalls of it (unless Recall did already), or,
// after a passing test run, marks the failures of the tests that ran as
// resolved. It runs last, so that the fixes proposed are recorded with the
// failure. A store problem is a note in the report, never a failure of the
// command. emb (ModelEmbedder; nil without the model) embeds the failure
// for recall by embedding and stores its vector.
func Remember(ctx context.Context, rep *report.Report, o capture.Options, path string, emb memory.Embedder) {
	if rep.Failure == nil && !(rep.Passed && o.Mode == "test") {
		return
	}
	st := openStore(ctx, rep, path, emb)
	if st == nil {
		return
	}
	defer st.Close()
	var err error
	if rep.Failure != nil {
		err = recordFailure(ctx, st, rep, emb)
	} else {
		err = resolvePassed(ctx, st, rep, o)
	}
	if err != nil {
		rep.Notes = append(rep.Notes, err.Error())
	}
}

// Recall fills rep.Memory with what the store remembers of rep's
// failure, without recording it: for the steps that use memory before the
// failure is recorded (the fix engine tries what worked before first, the
// model's prompt lists past incidents). With emb (ModelEmbedder; nil
// without the model) similar incidents are also found by embedding.
func Recall(ctx context.Context, rep *report.Report, path string, emb memory.Embedder) {
	if rep.Failure == nil {
		return
	}
	st := openStore(ctx, rep, path, emb)
	if st == nil {
		return
	}
	defer st.Close()
	sig, _ := memory.SignatureOf(rep)
	rc, err := st.Recall(ctx, sig, 5)
	if err != nil {
		rep.Notes = append(rep.Notes, err.Error())
		return
	}
	embedNote(rep, emb, rc.EmbedErr)
	fillMemory(&rep.Memory, rc)
}

// openStore opens the store, or returns nil when memory is off or the
// store cannot be opened (which becomes a note).
func openStore(ctx context.Context, rep *report.Report, path string, emb memory.Embedder) *memory.SQLite {
	path, on, err := StorePath(path)
	if err != nil {
		rep.Notes = append(rep.Notes, err.Error())
	}
	if !on {
		return nil
	}
	st, err := memory.Open(ctx, memory.Options{Path: path, Embedder: emb})
	if err != nil {
		rep.Notes = append(rep.Notes, err.Error())
		return nil
	}
	rep.Notes = append(rep.Notes, st.Notices()...)
	return st
}

// RecordFailure recalls rep's failure, unless that was done, then records
// it.
func RecordFailure(ctx context.Context, st memory.Store, rep *report.Report) error {
	return recordFailure(ctx, st, rep, nil)
}

// recordFailure is RecordFailure; emb is the store's embedder, for the
// note when it failed.
func recordFailure(ctx context.Context, st memory.Store, rep *report.Report, emb memory.Embedder) error {
	root, mod := moduleOf(rep.Target.Dir)
	in, ok := memory.NewIncident(rep, redact.Default, mod, root, time.Now())
	if !ok {
		return nil
	}
	in.Commit, in.Dirty = gitState(ctx, root)
	if !rep.Memory.Recalled {
		rc, err := st.Recall(ctx, in.Signature, 5)
		if err != nil {
			return err
		}
		embedNote(rep, emb, rc.EmbedErr)
		fillMemory(&rep.Memory, rc)
	}
	in, err := st.Record(ctx, in)
	if err != nil {
		return err
	}
	rep.Memory.Incident = in.ID
	return nil
}

// fillMemory copies a recall into the report.
func fillMemory(m *report.Memory, rc memory.Recall) {
	m.Seen, m.Summary, m.Recalled = rc.Seen, rc.Hover(), true
	m.Similar = []string{}
	for _, x := range rc.Matches {
		in := x.Incident
		mm := report.MemoryMatch{Incident: in.ID, Exact: x.Exact, Score: x.Score, Why: x.Why,
			When: in.Time.Format(time.RFC3339), Kind: report.Kind(in.Signature.Kind), Test: in.Test,
			Message: in.Message, Location: in.Location, Resolved: in.Resolved != nil}
		if r := in.Resolved; r != nil {
			mm.FixedOn, mm.FixedBy = r.Time.Format(time.RFC3339), in.FixedBy()
			for i := len(in.Fixes) - 1; i >= 0; i-- {
				if f := in.Fixes[i]; f.Outcome == memory.OutcomeWorked {
					mm.Fix = &report.Fix{Title: f.Title, Diff: f.Diff, Verified: f.Verified}
					break
				}
			}
		}
		m.Matches = append(m.Matches, mm)
		what := "similar"
		if x.Exact {
			what = "same failure"
		}
		state := "still open"
		if in.Resolved != nil {
			state = "fixed " + in.Resolved.Time.Format("2006-01-02") + " by " + in.FixedBy()
		}
		line := fmt.Sprintf("#%d %s, %s, %s: %s in %s", in.ID, what, in.Time.Format("2006-01-02"), state, in.Signature.Kind, orPackage(in))
		if !x.Exact {
			line += " (" + strings.Join(x.Why, "; ") + ")"
		}
		m.Similar = append(m.Similar, line)
	}
}

func orPackage(in memory.Incident) string {
	if in.Test != "" {
		return in.Test
	}
	return in.Package
}

// resolvePassed marks resolved the open incidents of the tests a passing
// run ran. Conservative: only the packages that ran, only tests the -run
// pattern selects in full, never with test flags that skip tests, never a
// data race without -race, never a test the output shows as skipped.
func resolvePassed(ctx context.Context, st memory.Store, rep *report.Report, o capture.Options) error {
	for _, a := range o.Args {
		if strings.Contains(a, "-test.run") || strings.Contains(a, "-test.skip") || strings.Contains(a, "-test.short") || strings.Contains(a, "-test.list") {
			return nil
		}
	}
	ran := func(test string) bool {
		if test != "" && strings.Contains(rep.Target.Output, "--- SKIP: "+test+" ") {
			return false
		}
		return test == "" || o.Run == "" || runSelects(o.Run, test)
	}
	var skip []string
	if !o.Race {
		skip = append(skip, string(report.KindDataRace))
	}
	root, _ := moduleOf(rep.Target.Dir)
	commit, dirty := gitState(ctx, root)
	now := time.Now().UTC()
	var done []string
	for _, pkg := range packagesRan(ctx, rep, o) {
		res, err := st.Resolve(ctx, memory.ResolveQuery{Package: pkg, Ran: ran, SkipKinds: skip}, func(in memory.Incident) memory.Resolution {
			return resolution(ctx, in, commit, dirty, now)
		})
		if err != nil {
			return err
		}
		for _, in := range res {
			done = append(done, fmt.Sprintf("#%d", in.ID))
		}
	}
	if len(done) > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("memory: marked %d earlier failure(s) fixed (%s): see sleuth memory show", len(done), strings.Join(done, ", ")))
	}
	return nil
}

// packagesRan lists the import paths of the packages a passing run
// tested. The report names the last one; a pattern or several arguments
// are expanded with go list.
func packagesRan(ctx context.Context, rep *report.Report, o capture.Options) []string {
	if len(o.Packages) <= 1 && !strings.Contains(strings.Join(o.Packages, " "), "...") {
		return []string{rep.Target.Package}
	}
	args := []string{"list", "-e", "-f", "{{.ImportPath}}"}
	if o.Tags != "" {
		args = append(args, "-tags", o.Tags)
	}
	cmd := exec.CommandContext(ctx, "go", append(args, o.Packages...)...)
	cmd.Dir = o.Dir
	out, err := cmd.Output()
	if err != nil {
		return []string{rep.Target.Package}
	}
	return strings.Fields(string(out))
}

// runSelects reports whether go test -run pattern runs all of test: every
// level of the pattern matches the test's name at that level, and the test
// is at least as deep as the pattern (TestA/x runs only part of TestA).
func runSelects(pattern, test string) bool {
	pats, names := splitPattern(pattern), strings.Split(test, "/")
	if len(names) < len(pats) {
		return false
	}
	for i, p := range pats {
		re, err := regexp.Compile(p)
		if err != nil || !re.MatchString(names[i]) {
			return false
		}
	}
	return true
}

// splitPattern splits a -run pattern at the slashes outside brackets and
// parentheses, as the testing package does.
func splitPattern(p string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '[', '(':
			depth++
		case ']', ')':
			depth--
		case '\\':
			i++
		case '/':
			if depth == 0 {
				out = append(out, p[start:i])
				start = i + 1
			}
		}
	}
	return append(out, p[start:])
}

// maxResolutionDiff bounds the diff kept with a resolution.
const maxResolutionDiff = 16 << 10

// resolution says what changed in in's suspect files (the top suspects'
// and the failure's) since the commit it failed at.
func resolution(ctx context.Context, in memory.Incident, commit string, dirty bool, now time.Time) memory.Resolution {
	r := memory.Resolution{Time: now, Commit: commit, Dirty: dirty}
	seen := map[string]bool{}
	add := func(file string) {
		if file != "" && !filepath.IsAbs(file) && !seen[file] {
			seen[file] = true
			r.Files = append(r.Files, file)
		}
	}
	for _, s := range in.Suspects[:min(len(in.Suspects), 3)] {
		add(s.File)
	}
	if i := strings.LastIndex(in.Location, ":"); i > 0 {
		add(in.Location[:i])
	}
	if in.Commit == "" || len(r.Files) == 0 || in.Dir == "" {
		return r
	}
	gctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	cmd := exec.CommandContext(gctx, "git", append([]string{"-C", in.Dir, "diff", "--no-color", "--no-ext-diff", in.Commit, "--"}, r.Files...)...)
	out, err := cmd.Output()
	if err != nil {
		return r
	}
	r.Files = nil // only the files that changed
	for _, l := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(l, "diff --git a/"); ok {
			if i := strings.Index(rest, " b/"); i > 0 {
				r.Files = append(r.Files, rest[:i])
			}
		}
	}
	d := redact.Default.Code(string(out)) // the user's source: a secret literal in it is still a secret
	if len(d) > maxResolutionDiff {
		d = strings.ToValidUTF8(d[:maxResolutionDiff], "") + "\n… (cut)\n"
	}
	r.Diff = d
	return r
}

// gitState is the HEAD commit of dir's repository and whether its tree has
// changes; empty outside git.
func gitState(ctx context.Context, dir string) (commit string, dirty bool) {
	if dir == "" {
		return "", false
	}
	gctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(gctx, "git", "-C", dir, "rev-parse", "HEAD").Output()
	if err != nil {
		return "", false
	}
	commit = strings.TrimSpace(string(out))
	out, err = exec.CommandContext(gctx, "git", "-C", dir, "status", "--porcelain", "--untracked-files=no").Output()
	return commit, err == nil && len(bytes.TrimSpace(out)) > 0
}

// moduleOf finds the module holding dir: its root and path.
func moduleOf(dir string) (root, path string) {
	for d := dir; d != ""; {
		b, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil {
			for _, l := range strings.Split(string(b), "\n") {
				if f := strings.Fields(l); len(f) >= 2 && f[0] == "module" {
					return d, strings.Trim(f[1], `"`)
				}
			}
			return d, ""
		}
		up := filepath.Dir(d)
		if up == d {
			break
		}
		d = up
	}
	return dir, ""
}

// History is what the store knows of earlier fixes for rep's failure,
// for the fix engine; nil when memory is off or knows nothing.
func History(ctx context.Context, rep *report.Report, path string) *FixHistory {
	if rep.Failure == nil {
		return nil
	}
	st := openStore(ctx, rep, path, nil)
	if st == nil {
		return nil
	}
	defer st.Close()
	sig, _ := memory.SignatureOf(rep)
	worked, failed, err := st.FixesFor(ctx, sig)
	if err != nil || len(worked)+len(failed) == 0 {
		return nil
	}
	h := &FixHistory{WorkedShapes: map[string]bool{}, FailedChanges: map[string]bool{}}
	for _, f := range worked {
		if f.Shape != "" {
			h.WorkedShapes[f.Shape] = true
		}
	}
	for _, f := range failed {
		h.FailedChanges[f.Change] = true
	}
	return h
}

// ModelEmbedder is what memory embeds failures with when the model is on
// (on: not --no-model, SLEUTH_MODEL=off or features.model false): the
// Ollama of cfg and its embedding model (model.ResolveEmbedModel: by
// default the chat model). It is nil when off. One value serves one run
// (a sleuth command, an investigation of the server): its first failure is
// kept and returned at once by later calls, so that without Ollama a run
// pays for one refused connection, and the vector of a text is kept, so
// that recalling then recording a failure embeds it once.
func ModelEmbedder(on bool, cfg model.Config) memory.Embedder {
	if !on {
		return nil
	}
	c := model.NewClient(cfg)
	if c.EmbedModel() == "" {
		return nil
	}
	return &embedder{c: c, memo: map[string][]float32{}}
}

// embedder is ModelEmbedder's memory.Embedder.
type embedder struct {
	c *model.Client

	mu    sync.Mutex // guards down, noted and memo
	down  error      // the first failure; later calls return it at once
	noted bool       // a note about down was added to a report
	memo  map[string][]float32
}

// maxMemo bounds the vectors an embedder keeps.
const maxMemo = 16

func (e *embedder) EmbedModel() string { return e.c.EmbedModel() }

func (e *embedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	e.mu.Lock()
	if e.down != nil {
		e.mu.Unlock()
		return nil, e.down
	}
	out := make([][]float32, len(texts))
	var ask []string
	for i, t := range texts {
		if out[i] = e.memo[t]; out[i] == nil {
			ask = append(ask, t)
		}
	}
	e.mu.Unlock()
	if len(ask) == 0 {
		return out, nil
	}
	// Asked without the lock: calls of one run do not overlap, and two
	// that did would only both ask.
	vs, err := e.c.Embed(ctx, ask)
	e.mu.Lock()
	defer e.mu.Unlock()
	if err != nil {
		if ctx.Err() == nil {
			e.down = err
		}
		return nil, err
	}
	if len(e.memo)+len(ask) > maxMemo {
		clear(e.memo)
	}
	j := 0
	for i := range out {
		if out[i] == nil {
			out[i], e.memo[ask[j]] = vs[j], vs[j]
			j++
		}
	}
	return out, nil
}

// embedNote adds one note per run when the embedder failed for a reason
// the model's own hint does not already give (Ollama not running, or the
// chat model missing when it is the embedding model too).
func embedNote(rep *report.Report, emb memory.Embedder, err error) {
	e, ok := emb.(*embedder)
	if err == nil || !ok || errors.Is(err, model.ErrNotRunning) ||
		errors.Is(err, model.ErrModelMissing) && e.c.EmbedModel() == e.c.Model() {
		return
	}
	e.mu.Lock()
	noted := e.noted
	e.noted = true
	e.mu.Unlock()
	if !noted {
		rep.Notes = append(rep.Notes, "memory: similar incidents found without embeddings: "+strings.TrimPrefix(model.Hint(err), "model: "))
	}
}
