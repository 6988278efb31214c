package server

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// This file renders results as Markdown: hovers and the full report.

// headline is "nil-deref in TestX".
func headline(rep *report.Report) string {
	f := rep.Failure
	h := string(f.Kind)
	if f.Test != "" {
		h += " in " + f.Test
	}
	return h
}

func place(file string, line int) string {
	return fmt.Sprintf("%s:%d", filepath.Base(file), line)
}

// chainMarkdown is the explanation's causal chain as a numbered list.
func chainMarkdown(b *strings.Builder, rep *report.Report) {
	if rep.Explanation.Details == "" {
		return
	}
	b.WriteString("\n**Why** (from the failure back to its cause):\n\n")
	for i, step := range strings.Split(rep.Explanation.Details, " ← ") {
		fmt.Fprintf(b, "%d. %s\n", i+1, mdEscape(step))
	}
}

func varsMarkdown(b *strings.Builder, vars []report.Var) {
	for _, v := range vars {
		if strings.HasPrefix(v.Type, "*testing.") {
			continue
		}
		fmt.Fprintf(b, "- `%s %s` = %s\n", v.Name, v.Type, code(shortValue(v, 200)))
	}
}

// crashHover explains the failure on its line.
func crashHover(res *result) string {
	var b strings.Builder
	rep := res.rep
	f := rep.Failure
	fmt.Fprintf(&b, "### sleuth: %s\n\n%s\n", headline(rep), mdEscape(f.Message))
	chainMarkdown(&b, rep)
	if fr := res.crash; fr != nil && len(fr.Args)+len(fr.Locals) > 0 {
		fmt.Fprintf(&b, "\n**Values at the failure** (%s, %s):\n\n", code(shortFunc(fr.Function)), place(fr.File, fr.Line))
		varsMarkdown(&b, append(append([]report.Var{}, fr.Args...), fr.Locals...))
	}
	if len(f.Case) > 0 {
		b.WriteString("\n**Failing table case:**\n\n")
		varsMarkdown(&b, f.Case)
	}
	suspectsMarkdown(&b, rep, 3)
	if m := rep.Memory.Summary; m != "" {
		fmt.Fprintf(&b, "\n**Memory:** %s\n", mdEscape(m))
	}
	return b.String()
}

func suspectsMarkdown(b *strings.Builder, rep *report.Report, max int) {
	n := 0
	for _, sp := range rep.Suspects {
		if n == 0 {
			b.WriteString("\n**Suspects:**\n\n")
		}
		if n == max {
			break
		}
		n++
		fmt.Fprintf(b, "%d. %s %s — %s (score %.2f)\n", n, place(sp.File, sp.Line), code(sp.Function), mdEscape(sp.Reason), sp.Score)
	}
}

// suspectHover explains why a line is suspected.
func suspectHover(res *result, m mark) string {
	var b strings.Builder
	sp := m.suspect
	f := res.rep.Failure
	fmt.Fprintf(&b, "### sleuth: suspect #%d for the %s\n\n%s\n", m.rank+1, headline(res.rep), mdEscape(sp.Reason))
	for _, e := range sp.Evidence {
		fmt.Fprintf(&b, "- %s\n", mdEscape(e))
	}
	fmt.Fprintf(&b, "\nThe failure: %s at %s\n", mdEscape(firstLine(f.Message)), place(f.Location.File, f.Location.Line))
	chainMarkdown(&b, res.rep)
	return b.String()
}

// reportMarkdown is the whole report, for "Explain this failure".
func reportMarkdown(res *result) string {
	var b strings.Builder
	rep := res.rep
	if rep.Failure == nil {
		b.WriteString("# sleuth: everything passed\n")
		return b.String()
	}
	f := rep.Failure
	fmt.Fprintf(&b, "# sleuth: %s\n\n%s at %s\n", headline(rep), mdEscape(f.Message), place(f.Location.File, f.Location.Line))
	if rep.Explanation.Summary != "" && rep.Explanation.Details == "" {
		fmt.Fprintf(&b, "\n%s\n", mdEscape(rep.Explanation.Summary))
	}
	chainMarkdown(&b, rep)
	suspectsMarkdown(&b, rep, 10)
	if len(f.Case) > 0 {
		b.WriteString("\n## Failing table case\n\n")
		varsMarkdown(&b, f.Case)
	}
	b.WriteString("\n## Stack\n\n")
	for _, fr := range rep.Frames {
		if !fr.User {
			continue
		}
		fmt.Fprintf(&b, "### %s — %s\n\n", code(shortFunc(fr.Function)), place(fr.File, fr.Line))
		varsMarkdown(&b, append(append([]report.Var{}, fr.Args...), fr.Locals...))
		b.WriteString("\n")
	}
	if len(rep.WaitFor) > 0 {
		b.WriteString("## Who waits for what\n\n")
		for _, w := range rep.WaitFor {
			fmt.Fprintf(&b, "- %s at %s\n", mdEscape(waitMessage(&w)), place(w.Location.File, w.Location.Line))
		}
		b.WriteString("\n")
	}
	if len(rep.Snapshots) > 0 {
		b.WriteString("## Snapshots\n\n")
		for _, sn := range rep.Snapshots {
			fmt.Fprintf(&b, "### %s, hit %d\n\n", place(sn.Location.File, sn.Location.Line), sn.Hit)
			varsMarkdown(&b, append(append([]report.Var{}, sn.Args...), sn.Locals...))
			b.WriteString("\n")
		}
	}
	if len(rep.Notes) > 0 {
		b.WriteString("## Notes\n\n")
		for _, n := range rep.Notes {
			fmt.Fprintf(&b, "- %s\n", mdEscape(n))
		}
		b.WriteString("\n")
	}
	if out := strings.TrimSpace(rep.Target.Output); out != "" {
		b.WriteString("## Output\n\n```\n" + strings.ReplaceAll(out, "```", "`\u200b``") + "\n```\n")
	}
	return b.String()
}

// code puts s in a code span whatever backquotes it holds.
func code(s string) string {
	if !strings.Contains(s, "`") {
		return "`" + s + "`"
	}
	return "`` " + s + " ``"
}

var mdEscaper = strings.NewReplacer("*", `\*`, "_", `\_`, "<", `\<`, ">", `\>`, "[", `\[`, "]", `\]`, "`", "\\`", "#", `\#`)

func mdEscape(s string) string { return mdEscaper.Replace(s) }
