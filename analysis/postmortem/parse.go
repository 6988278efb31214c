package postmortem

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/maruel/panicparse/v2/stack"
	"github.com/sleuth-dev/sleuth/analysis/report"
)

// maxOutput bounds the pasted text kept in Target.Output: head and tail are
// kept, as for the output of a live run.
const maxOutput = 64 << 10

// ErrNothingFound is returned when the text holds no panic, goroutine dump
// or race report; its message is meant to be shown to the user as is.
var ErrNothingFound = errors.New("postmortem: no Go panic, goroutine dump or race report found in the input")

// Options says where the user's code lives on this machine.
type Options struct {
	// Root is the workspace root directory (absolute) where the user's module
	// lives. It may be empty: frames then keep their printed paths and user
	// code is told apart by the shape of those paths.
	Root string
	// ModulePath is the module path of Root's go.mod; when empty it is read
	// from Root/go.mod.
	ModulePath string
}

// Parse turns text pasted from logs into a report of Target.Mode "explain".
// It understands Go panics (also the "[recovered]" forms go test prints),
// runtime fatal errors, bare goroutine dumps, test timeouts and data race
// reports, surrounded by other log lines or behind a per-line log prefix.
// Frames carry no argument or local values: the text has none.
func Parse(text []byte, opts Options) (*report.Report, error) {
	if opts.Root != "" {
		fi, err := os.Stat(opts.Root)
		if err != nil {
			return nil, fmt.Errorf("postmortem: workspace root: %w", err)
		}
		if !fi.IsDir() {
			return nil, fmt.Errorf("postmortem: workspace root %s is not a directory", opts.Root)
		}
	}
	m := NewMapper(opts.Root, opts.ModulePath)
	lines := normalize(text)
	races, blocks := findRaces(lines, m)
	skip := make([]bool, len(lines))
	for _, b := range blocks {
		for i := b.start; i < b.end; i++ {
			skip[i] = true
		}
	}
	pm := findPanic(lines, skip)

	// The dump that matters follows the panic; without a panic it is the
	// first dump anywhere.
	from := 0
	if pm != nil {
		from = pm.line
	}
	var rest []string
	for i := from; i < len(lines); i++ {
		if !skip[i] {
			rest = append(rest, lines[i])
		}
	}
	gs, dumpNote := scanDump(rest)
	if pm == nil && len(gs) == 0 && len(races) == 0 {
		return nil, ErrNothingFound
	}

	r := report.Empty("explain")
	r.Target.Dir = m.root
	r.Target.Output, r.Target.OutputTruncated = bound(string(text))
	if dumpNote != "" {
		r.Notes = append(r.Notes, dumpNote)
	}
	c := converter{m: m}
	switch {
	case pm != nil:
		fillPanic(r, pm, lines, gs, c)
		if len(races) > 0 {
			r.Race = &races[0]
			r.Notes = append(r.Notes, fmt.Sprintf("the output also holds %s; it may be what caused the %s", countRaces(len(races)), failureWord(pm)))
		}
	case len(races) > 0:
		r.Failure = raceFailure(races[0])
		r.Failure.Test = failedTestAfter(lines, blocks[0].end)
		r.Race = &races[0]
		r.Frames = slices.Clone(races[0].Accesses[0].Frames)
		r.Goroutines = raceGoroutines(blocks[0])
		if len(races) > 1 {
			r.Notes = append(r.Notes, fmt.Sprintf("the output holds %s; the report shows the first", countRaces(len(races))))
		}
	default:
		fillDump(r, lines, gs, c)
	}
	return r, nil
}

// fillPanic describes a panic or fatal error and the dump that follows it.
func fillPanic(r *report.Report, pm *panicMessage, lines []string, gs []*stack.Goroutine, c converter) {
	kind := Classify(pm.message)
	f := &report.Failure{Kind: kind, Message: pm.message}
	switch kind {
	case report.KindTimeout:
		f.Test = runningTest(pm.message)
	default:
		f.Test = failedTest(lines, pm.line)
	}
	for _, ch := range pm.chained {
		if ch == pm.message || ch == goexitNoise {
			// Older go test versions re-panic with the same value.
			continue
		}
		r.Notes = append(r.Notes, "a deferred call panicked again while this panic unwound: "+ch)
	}
	r.Failure = f
	if len(gs) == 0 {
		r.Notes = append(r.Notes, "no goroutine trace follows the "+failureWord(pm)+"; only the message could be read")
		return
	}
	var primary *stack.Goroutine
	switch kind {
	case report.KindDeadlock, report.KindTimeout:
		// The goroutine printed first is not the culprit: every goroutine
		// is blocked (deadlock), or it is testing's alarm (timeout).
		primary = pickGoroutine(gs, f.Test, c)
	default:
		primary = gs[0]
	}
	fillGoroutines(r, primary, gs, c)
}

// fillDump describes a goroutine dump without a panic: a SIGQUIT, or a
// debug.Stack pasted from a log. Nothing failed in the runtime's eyes, so the
// kind is "exit": the process was stopped from outside, or is still running.
func fillDump(r *report.Report, lines []string, gs []*stack.Goroutine, c converter) {
	msg := "goroutine dump"
	for _, l := range lines {
		if reSignal.MatchString(l) {
			msg = l
			break
		}
	}
	r.Failure = &report.Failure{Kind: report.KindExit, Message: msg}
	r.Notes = append(r.Notes, "the input is a goroutine dump without a panic message; the goroutine shown is the first one running the user's code")
	fillGoroutines(r, pickGoroutine(gs, "", c), gs, c)
}

// fillGoroutines sets the failing goroutine, its frames and location, and
// the grouped goroutine list.
func fillGoroutines(r *report.Report, primary *stack.Goroutine, gs []*stack.Goroutine, c converter) {
	all := make([]report.Goroutine, 0, len(gs))
	for _, g := range gs {
		rg := c.goroutine(g)
		if g == primary {
			r.Frames = slices.Clone(rg.Frames)
		}
		all = append(all, rg)
	}
	r.Goroutines = group(all)
	r.Failure.Goroutine = int64(primary.ID)
	r.Failure.Location = failingLocation(r.Frames)
}

// pickGoroutine returns the goroutine to blame when the first one printed is
// not it: the one running the named test, else the first with user frames
// (preferring a running one, as debug.Stack prints), else the first.
func pickGoroutine(gs []*stack.Goroutine, test string, c converter) *stack.Goroutine {
	if top, _, _ := strings.Cut(test, "/"); top != "" {
		for _, g := range gs {
			for _, call := range g.Stack.Calls {
				if n := call.Func.Name; n == top || strings.HasPrefix(n, top+".") {
					return g
				}
			}
		}
	}
	var firstUser *stack.Goroutine
	for _, g := range gs {
		user := false
		for i := range g.Stack.Calls {
			if file, ok := c.m.Map(g.Stack.Calls[i].RemoteSrcPath); c.user(file, ok, g.Stack.Calls[i].Func.ImportPath) {
				user = true
				break
			}
		}
		if user && g.State == "running" {
			return g
		}
		if user && firstUser == nil {
			firstUser = g
		}
	}
	if firstUser != nil {
		return firstUser
	}
	return gs[0]
}

func failureWord(pm *panicMessage) string {
	if pm.fatal {
		return "fatal error"
	}
	return "panic"
}

func countRaces(n int) string {
	if n == 1 {
		return "a data race report"
	}
	return fmt.Sprintf("%d data race reports", n)
}

// bound keeps the head and the tail of long text.
func bound(s string) (string, bool) {
	if len(s) <= maxOutput {
		return s, false
	}
	head, tail := maxOutput/2, len(s)-maxOutput/2
	// Cut on rune boundaries so the JSON stays valid UTF-8.
	for head > 0 && !utf8.RuneStart(s[head]) {
		head--
	}
	for tail < len(s) && !utf8.RuneStart(s[tail]) {
		tail++
	}
	return s[:head] + "\n... [output elided] ...\n" + s[tail:], true
}
