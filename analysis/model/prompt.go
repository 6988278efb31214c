package model

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/sleuth-dev/sleuth/analysis/redact"
	"github.com/sleuth-dev/sleuth/analysis/report"
)

// DefaultBytesPerToken is the estimate's ratio. Code-model BPE
// vocabularies (Qwen2.5-Coder, Llama 3, DeepSeek-Coder) average 3.5–4.5
// bytes per token on Go source and English; dense punctuation and numbers
// (stack addresses, hex) come closer to 3. The estimate leans high on
// purpose: overcounting costs a little evidence, undercounting lets Ollama
// silently drop the start of the prompt.
const DefaultBytesPerToken = 3.5

// EstimateTokens estimates how many tokens s costs a model: one per
// DefaultBytesPerToken bytes, rounded up.
func EstimateTokens(s string) int { return estimate(s, DefaultBytesPerToken) }

func estimate(s string, bytesPerToken float64) int {
	if bytesPerToken <= 0 {
		bytesPerToken = DefaultBytesPerToken
	}
	return int(math.Ceil(float64(len(s)) / bytesPerToken))
}

// Past is a similar past incident, as the incident memory recalls it.
type Past struct {
	Summary string
	// Fix is what fixed it (a title or a diff), empty when unknown.
	Fix string
	// Worked is true when that fix was verified or kept.
	Worked bool
}

// Attempt is a fix that was tried and did not hold, for the next round.
type Attempt struct {
	Title string
	Diff  string
	// Detail is how it failed (the verifier's words, the new failure).
	Detail string
}

// Prompt is what Build produced.
type Prompt struct {
	System string
	User   string
	// Tokens is the estimate for System and User together.
	Tokens int
	// Budget is the number of tokens System and User had to fit in.
	Budget int
	// Cut lists the evidence left out to fit Budget, most relevant first.
	Cut []string
}

// Input is what a prompt is built from.
type Input struct {
	Report *report.Report
	// Root is the workspace (module) root: code is read only from inside
	// it and paths are shown relative to it.
	Root string
	Past []Past
	// Tried are earlier fixes that did not hold (refinement rounds).
	Tried []Attempt
	// Budget is the token budget for the whole prompt (see BudgetFor).
	Budget int
	// BytesPerToken is the tokenizer's ratio for the estimate;
	// DefaultBytesPerToken when zero.
	BytesPerToken float64
	// Redactor masks secrets; nil means redact.Default. Redaction cannot be
	// turned off.
	Redactor *redact.Redactor
}

// BudgetFor is the prompt budget that fits a context window of numCtx
// tokens with room for a reply of numPredict tokens and the chat template's
// few tokens of framing.
func BudgetFor(numCtx, numPredict int) int {
	return max(256, numCtx-numPredict-64)
}

// systemPrompt states the task and the reply's conventions; the JSON shape
// itself is enforced by the schema sent as the request's format.
const systemPrompt = `You are sleuth, a Go debugging assistant. You get the evidence of one failing Go test or program: the failure, the causal chain sleuth traced, the suspect lines with numbered code, the values the debugger read, and similar past incidents. Explain the root cause and propose minimal fixes.
Reply with JSON only:
- summary: one sentence naming the root cause.
- root_cause: the file (as shown) and line where the bug is, not where it crashed.
- explanation: a short paragraph tying the evidence together.
- fixes: up to 3, each a title and edits. An edit replaces lines start_line..end_line (1-based, inclusive) of file with new_text: whole lines, indentation included. Only edit code you were shown. Never write "` + redact.Mask + `" into code.`

// piece is one unit of evidence: kept or cut as a whole.
type piece struct {
	section int     // render order
	prio    float64 // lower is more relevant
	what    string  // named in the cut note
	text    string
}

// Sections, in the order they are shown.
const (
	secFailure = iota
	secTried
	secChain
	secSuspects
	secValues
	secWaits
	secStack
	secPast
	secOutput
)

var sectionTitles = map[int]string{
	secFailure:  "## Failure",
	secTried:    "## Fixes already tried (they did not work; propose something different)",
	secChain:    "## Causal chain (sleuth's analysis, crash first)",
	secSuspects: "## Suspects (most likely first; code with line numbers, → marks the line)",
	secValues:   "## Values read by the debugger",
	secWaits:    "## Goroutines and waits",
	secStack:    "## Stack (innermost first)",
	secPast:     "## Similar past incidents",
	secOutput:   "## Output (tail)",
}

// Build makes the prompt for in: the report is redacted first, and every
// piece of text added from elsewhere (source lines, past incidents, earlier
// attempts) is redacted too. Pieces are taken by relevance until the budget
// is spent; those that do not fit are listed in Cut.
func Build(in Input) Prompt {
	r := in.Redactor
	if r == nil {
		r = redact.Default
	}
	// Bound to the whole report, so that a secret value read anywhere in
	// it is masked in the source windows, past incidents and attempts too.
	r = r.For(in.Report)
	rep := r.Report(trimmed(in.Report))
	b := &builder{root: in.Root, red: r, rep: rep}
	b.failure()
	b.tried(in.Tried)
	b.chain()
	b.suspects()
	b.values()
	b.waits()
	b.stack()
	b.past(in.Past)
	b.output()

	p := Prompt{System: systemPrompt, Budget: in.Budget}
	est := func(s string) int { return estimate(s, in.BytesPerToken) }
	left := in.Budget - est(p.System)
	slices.SortStableFunc(b.pieces, func(x, y piece) int {
		switch {
		case x.prio < y.prio:
			return -1
		case x.prio > y.prio:
			return 1
		}
		return 0
	})
	var kept []piece
	for i, pc := range b.pieces {
		cost := est(pc.text) + 1
		if cost > left && i == 0 && pc.section == secFailure {
			// The failure itself never goes: it is shortened instead (to
			// its first line at least).
			bpt := in.BytesPerToken
			if bpt <= 0 {
				bpt = DefaultBytesPerToken
			}
			first, _, _ := strings.Cut(pc.text, "\n")
			pc.text = truncate(pc.text, max(len(first), int(float64(left-1)*bpt)-4))
			cost = est(pc.text) + 1
			p.Cut = append(p.Cut, "part of "+pc.what)
			left -= cost
			kept = append(kept, pc)
			continue
		}
		if cost > left {
			p.Cut = append(p.Cut, pc.what)
			continue
		}
		left -= cost
		kept = append(kept, pc)
	}
	// Section titles and redaction masks change the count a little: drop
	// the least relevant pieces until the whole fits.
	for {
		p.User = render(kept, r)
		p.Tokens = est(p.System) + est(p.User)
		if p.Tokens <= in.Budget || len(kept) <= 1 {
			break
		}
		last := kept[len(kept)-1]
		kept = kept[:len(kept)-1]
		p.Cut = append(p.Cut, last.what)
	}
	return p
}

// render writes the kept pieces (in relevance order) section by section.
func render(kept []piece, r *redact.Redactor) string {
	kept = slices.Clone(kept)
	slices.SortStableFunc(kept, func(x, y piece) int { return x.section - y.section })
	var sb strings.Builder
	last := -1
	for _, pc := range kept {
		if pc.section != last {
			if last >= 0 {
				sb.WriteString("\n")
			}
			sb.WriteString(sectionTitles[pc.section] + "\n")
			last = pc.section
		}
		sb.WriteString(pc.text)
		if !strings.HasSuffix(pc.text, "\n") {
			sb.WriteString("\n")
		}
	}
	// A last pass over the whole text: nothing that looks like a secret
	// leaves, whatever path it came by.
	return r.String(sb.String())
}

// builder collects the pieces of one prompt.
type builder struct {
	root   string
	red    *redact.Redactor
	rep    *report.Report // redacted
	pieces []piece
}

func (b *builder) add(section int, prio float64, what, text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	b.pieces = append(b.pieces, piece{section: section, prio: prio, what: what, text: text})
}

// rel shows a path relative to the workspace root when it lies inside.
func (b *builder) rel(file string) string {
	if b.root != "" && filepath.IsAbs(file) {
		if r, err := filepath.Rel(b.root, file); err == nil && !strings.HasPrefix(r, "..") {
			return filepath.ToSlash(r)
		}
	}
	return file
}

func (b *builder) failure() {
	f := b.rep.Failure
	if f == nil {
		return
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "kind: %s\n", f.Kind)
	if f.Test != "" {
		fmt.Fprintf(&sb, "test: %s\n", f.Test)
	}
	if f.Location.File != "" {
		fmt.Fprintf(&sb, "at: %s:%d", b.rel(f.Location.File), f.Location.Line)
		if f.Location.Function != "" {
			fmt.Fprintf(&sb, " in %s", f.Location.Function)
		}
		sb.WriteString("\n")
		if line := b.line(f.Location.File, f.Location.Line); line != "" {
			fmt.Fprintf(&sb, "line: %s\n", strings.TrimSpace(line))
		}
	}
	fmt.Fprintf(&sb, "message: %s\n", truncate(f.Message, 2000))
	if len(f.Case) > 0 {
		sb.WriteString("table case:")
		writeVars(&sb, f.Case)
	}
	for i, e := range f.Errors {
		if i == 10 {
			fmt.Fprintf(&sb, "(%d more compiler errors)\n", len(f.Errors)-i)
			break
		}
		fmt.Fprintf(&sb, "compile error: %s:%d: %s\n", b.rel(e.File), e.Line, e.Message)
	}
	b.add(secFailure, 0, "the failure", sb.String())
}

func (b *builder) tried(ts []Attempt) {
	for i, t := range ts {
		text := fmt.Sprintf("- %s\n", b.red.String(t.Title))
		if t.Diff != "" {
			text += "  " + indent(truncate(b.red.Code(t.Diff), 1500), "  ") + "\n"
		}
		text += "  result: " + indent(truncate(b.red.String(t.Detail), 1200), "  ") + "\n"
		// The latest attempt matters most.
		b.add(secTried, 0.5+0.01*float64(len(ts)-1-i), fmt.Sprintf("tried fix %q", t.Title), text)
	}
}

func (b *builder) chain() {
	e := b.rep.Explanation
	if e.Details == "" {
		return
	}
	var sb strings.Builder
	for _, step := range strings.Split(e.Details, " ← ") {
		fmt.Fprintf(&sb, "- %s\n", truncate(step, 600))
	}
	b.add(secChain, 1, "the causal chain", sb.String())
}

// maxSuspects bounds the suspects shown; lower ones rarely matter and cost
// code windows.
const maxSuspects = 5

func (b *builder) suspects() {
	for i, s := range b.rep.Suspects {
		if i == maxSuspects {
			break
		}
		var sb strings.Builder
		fmt.Fprintf(&sb, "%d. %s:%d", i+1, b.rel(s.File), s.Line)
		if s.Function != "" {
			fmt.Fprintf(&sb, " in %s", s.Function)
		}
		fmt.Fprintf(&sb, " (score %.2f): %s\n", s.Score, truncate(s.Reason, 400))
		for j, ev := range s.Evidence {
			if j == 6 {
				break
			}
			fmt.Fprintf(&sb, "   evidence: %s\n", truncate(ev, 400))
		}
		b.add(secSuspects, 2+float64(i), fmt.Sprintf("suspect %d", i+1), sb.String())
		// Code: a wider window for the top suspect.
		radius := 3
		if i == 0 {
			radius = 8
		}
		if code := b.window(s.File, s.Line, radius); code != "" {
			b.add(secSuspects, 2.5+float64(i), fmt.Sprintf("code around suspect %d", i+1), code)
		}
	}
	// With no suspects, the crash line's code stands in.
	if len(b.rep.Suspects) == 0 && b.rep.Failure != nil {
		loc := b.rep.Failure.Location
		if code := b.window(loc.File, loc.Line, 8); code != "" {
			b.add(secSuspects, 2.5, "code around the failure", code)
		}
	}
}

// window returns the numbered lines around line of file, redacted, or ""
// when the file is outside the workspace or unreadable.
func (b *builder) window(file string, line, radius int) string {
	lines := b.lines(file)
	if lines == nil || line < 1 || line > len(lines) {
		return ""
	}
	lo, hi := max(1, line-radius), min(len(lines), line+radius)
	var sb strings.Builder
	fmt.Fprintf(&sb, "   %s:\n", b.rel(file))
	for n := lo; n <= hi; n++ {
		mark := " "
		if n == line {
			mark = "→"
		}
		fmt.Fprintf(&sb, "%s%5d  %s\n", mark, n, b.red.Code(truncate(lines[n-1], 200)))
	}
	return sb.String()
}

func (b *builder) line(file string, line int) string {
	lines := b.lines(file)
	if line < 1 || line > len(lines) {
		return ""
	}
	return b.red.Code(truncate(lines[line-1], 200))
}

// lines reads a Go file inside the workspace; nil otherwise.
func (b *builder) lines(file string) []string {
	if b.root == "" || !filepath.IsAbs(file) || !strings.HasSuffix(file, ".go") {
		return nil
	}
	if r, err := filepath.Rel(b.root, file); err != nil || strings.HasPrefix(r, "..") {
		return nil
	}
	f, err := os.Open(file)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}

// maxValueFrames bounds the frames whose values are shown.
const maxValueFrames = 4

var ident = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)

// values adds the user frames' variables, innermost first; in each frame
// the variables named on the frame's line (the decisive ones) come first.
func (b *builder) values() {
	n := 0
	for _, f := range b.rep.Frames {
		if !f.User || len(f.Args)+len(f.Locals) == 0 {
			continue
		}
		named := map[string]bool{}
		for _, id := range ident.FindAllString(b.line(f.File, f.Line), -1) {
			named[id] = true
		}
		vars := append(slices.Clone(f.Args), f.Locals...)
		slices.SortStableFunc(vars, func(x, y report.Var) int {
			switch {
			case named[x.Name] && !named[y.Name]:
				return -1
			case named[y.Name] && !named[x.Name]:
				return 1
			}
			return 0
		})
		if len(vars) > 16 {
			vars = vars[:16]
		}
		var sb strings.Builder
		fmt.Fprintf(&sb, "%s (%s:%d):", f.Function, b.rel(f.File), f.Line)
		writeVars(&sb, vars)
		prio := 2.2
		if n > 0 {
			prio = 3.5 + float64(n)
		}
		b.add(secValues, prio, fmt.Sprintf("values of %s", f.Function), sb.String())
		n++
		if n == maxValueFrames {
			break
		}
	}
	for i, s := range b.rep.Snapshots {
		if i == 6 {
			break
		}
		var sb strings.Builder
		fmt.Fprintf(&sb, "at %s:%d, hit %d:", b.rel(s.Location.File), s.Location.Line, s.Hit)
		writeVars(&sb, append(slices.Clone(s.Args), s.Locals...))
		b.add(secValues, 3.2+0.1*float64(i), "values at a re-run breakpoint", sb.String())
	}
}

func writeVars(sb *strings.Builder, vars []report.Var) {
	sb.WriteString("\n")
	for _, v := range vars {
		fmt.Fprintf(sb, "  %s %s = %s\n", v.Name, v.Type, truncate(v.Value, 300))
	}
}

// waits adds the wait-for picture and the race's two accesses, which are
// the evidence of deadlocks and races.
func (b *builder) waits() {
	var sb strings.Builder
	for i, w := range b.rep.WaitFor {
		if i == 12 {
			break
		}
		fmt.Fprintf(&sb, "goroutine %d waits to %s %s at %s:%d, holders %v", w.Goroutine, w.Op, w.Object, b.rel(w.Location.File), w.Location.Line, w.Holders)
		if w.Detail != "" {
			sb.WriteString(" (" + w.Detail + ")")
		}
		sb.WriteString("\n")
	}
	if race := b.rep.Race; race != nil {
		for _, a := range race.Accesses {
			fmt.Fprintf(&sb, "race: %s by goroutine %d at %s:%d\n", a.Op, a.Goroutine, b.rel(a.Location.File), a.Location.Line)
		}
	}
	b.add(secWaits, 1.5, "the wait-for picture", sb.String())
}

func (b *builder) stack() {
	var sb strings.Builder
	n := 0
	for _, f := range b.rep.Frames {
		if !f.User {
			continue
		}
		fmt.Fprintf(&sb, "- %s at %s:%d\n", f.Function, b.rel(f.File), f.Line)
		if n++; n == 12 {
			break
		}
	}
	b.add(secStack, 3, "the stack", sb.String())
}

func (b *builder) past(ps []Past) {
	// Incidents whose fix worked teach more; keep the memory's order
	// otherwise.
	ps = slices.Clone(ps)
	slices.SortStableFunc(ps, func(x, y Past) int {
		switch {
		case x.Worked && !y.Worked:
			return -1
		case y.Worked && !x.Worked:
			return 1
		}
		return 0
	})
	for i, p := range ps {
		if i == 5 {
			break
		}
		text := "- " + truncate(b.red.String(p.Summary), 400) + "\n"
		if p.Fix != "" {
			verdict := "did not work"
			if p.Worked {
				verdict = "worked"
			}
			text += fmt.Sprintf("  fix (%s): %s\n", verdict, indent(truncate(b.red.Code(p.Fix), 800), "  "))
		}
		b.add(secPast, 4.5+0.1*float64(i), fmt.Sprintf("past incident %d", i+1), text)
	}
}

// output adds the tail of the target's output, the least condensed
// evidence.
func (b *builder) output() {
	out := strings.TrimSpace(b.rep.Target.Output)
	if out == "" {
		return
	}
	const keep = 2000
	if len(out) > keep {
		out = "…" + out[len(out)-keep:]
	}
	b.add(secOutput, 6, "the output", out)
}

// truncate shortens s to about n bytes, at a rune boundary, marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}

// indent indents the lines of s after the first.
func indent(s, pre string) string {
	return strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+pre)
}
