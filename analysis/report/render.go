package report

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Style says how Render colours its output.
type Style struct {
	Color bool
	// Base, when set, shortens file paths relative to it.
	Base string
}

func (s Style) paint(code, text string) string {
	if !s.Color {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

func (s Style) path(file string) string {
	if s.Base != "" {
		if rel, err := filepath.Rel(s.Base, file); err == nil && !strings.HasPrefix(rel, "..") {
			return rel
		}
	}
	return file
}

// Headline is the failure in one line.
func (r *Report) Headline(st Style) string {
	f := r.Failure
	if f == nil {
		return "ok: everything passed"
	}
	where := ""
	if f.Location.File != "" {
		where = fmt.Sprintf(" at %s:%d", st.path(f.Location.File), f.Location.Line)
	}
	test := ""
	if f.Test != "" {
		test = " in " + f.Test
	}
	return fmt.Sprintf("%s%s%s: %s", f.Kind, test, where, f.Message)
}

// Render writes the human-readable report: the failure in one line, the
// user frames with their values, the goroutines that matter, and where the
// target's output went.
func Render(w io.Writer, r *Report, st Style) {
	if r.Failure == nil {
		fmt.Fprintln(w, st.paint("32", "ok")+"  "+r.Target.Package+": everything passed")
		renderSnapshots(w, r, st)
		for _, n := range r.Notes {
			fmt.Fprintln(w, "note: "+n)
		}
		return
	}
	f := r.Failure
	fmt.Fprintln(w, st.paint("1;31", "FAIL")+" "+r.Headline(st))
	if len(f.Case) > 0 {
		fmt.Fprintln(w, st.paint("1", "\nfailing case:"))
		renderVars(w, "  ", f.Case)
	}
	for _, e := range f.Errors {
		fmt.Fprintf(w, "  %s:%d:%d: %s\n", st.path(e.File), e.Line, e.Column, e.Message)
	}
	if r.Race != nil {
		fmt.Fprintln(w, st.paint("1", "\nconflicting accesses:"))
		for _, a := range r.Race.Accesses {
			fmt.Fprintf(w, "  %s by goroutine %d at %s:%d (%s)\n", a.Op, a.Goroutine, st.path(a.Location.File), a.Location.Line, a.Location.Function)
		}
	}
	if len(r.Suspects) > 0 {
		fmt.Fprintln(w, st.paint("1", "\nlikely causes:"))
		for i, s := range r.Suspects[:min(len(r.Suspects), 3)] {
			fmt.Fprintf(w, "  %d. %s:%d (%s) %s\n", i+1, st.path(s.File), s.Line, s.Function, s.Reason)
		}
	}
	renderWhy(w, r, st)
	renderFixes(w, r, st)
	renderMemory(w, r, st)
	shown := 0
	for _, fr := range r.Frames {
		if !fr.User {
			continue
		}
		if shown == 0 {
			fmt.Fprintln(w, st.paint("1", fmt.Sprintf("\ngoroutine %d, user frames:", f.Goroutine)))
		}
		shown++
		fmt.Fprintf(w, "  %s\n      %s\n", st.paint("36", fr.Function), st.path(fr.File)+fmt.Sprintf(":%d", fr.Line))
		renderVars(w, "      ", fr.Args)
		renderVars(w, "      ", fr.Locals)
	}
	if len(r.WaitFor) > 0 {
		fmt.Fprintln(w, st.paint("1", "\nwho waits for what:"))
		for _, wt := range r.WaitFor {
			line := fmt.Sprintf("  goroutine %d: %s %s at %s:%d", wt.Goroutine, wt.Op, wt.Object, st.path(wt.Location.File), wt.Location.Line)
			if wt.Detail != "" {
				line += " — " + wt.Detail
			}
			fmt.Fprintln(w, line)
		}
	}
	renderGoroutines(w, r, st)
	renderSnapshots(w, r, st)
	for _, n := range r.Notes {
		fmt.Fprintln(w, "note: "+n)
	}
	if r.Target.OutputFile != "" {
		fmt.Fprintf(w, "\ntarget output: %s\n", r.Target.OutputFile)
	}
}

// renderMemory shows what sleuth remembers of earlier failures like this.
func renderMemory(w io.Writer, r *Report, st Style) {
	m := r.Memory
	if m.Summary == "" && len(m.Similar) == 0 {
		return
	}
	fmt.Fprintln(w, st.paint("1", "\nremembered: ")+m.Summary)
	for _, s := range m.Similar {
		fmt.Fprintln(w, "  "+s)
	}
}

func renderVars(w io.Writer, indent string, vars []Var) {
	for _, v := range vars {
		fmt.Fprintf(w, "%s%s = %s\n", indent, v.Name, v.Value)
	}
}

func renderGoroutines(w io.Writer, r *Report, st Style) {
	var user []Goroutine
	total := 0
	for _, g := range r.Goroutines {
		total += g.Count
		if g.User {
			user = append(user, g)
		}
	}
	if total == 0 {
		return
	}
	fmt.Fprintln(w, st.paint("1", fmt.Sprintf("\n%d goroutines, %d running user code:", total, countOf(user))))
	for i, g := range user {
		if i == 10 {
			fmt.Fprintf(w, "  … %d more groups\n", len(user)-i)
			break
		}
		state := g.State
		if g.WaitReason != "" {
			state = g.WaitReason
		}
		top := ""
		for _, fr := range g.Frames {
			if fr.User {
				top = fmt.Sprintf("%s (%s:%d)", fr.Function, st.path(fr.File), fr.Line)
				break
			}
		}
		n := ""
		if g.Count > 1 {
			n = fmt.Sprintf(" ×%d", g.Count)
		}
		fmt.Fprintf(w, "  goroutine %d%s [%s] %s\n", g.ID, n, state, top)
	}
}

func countOf(gs []Goroutine) int {
	n := 0
	for _, g := range gs {
		n += g.Count
	}
	return n
}

func renderSnapshots(w io.Writer, r *Report, st Style) {
	if len(r.Snapshots) == 0 {
		return
	}
	fmt.Fprintln(w, st.paint("1", "\nvalues at requested lines:"))
	for _, s := range r.Snapshots {
		fmt.Fprintf(w, "  %s:%d hit %d (goroutine %d)\n", st.path(s.Location.File), s.Location.Line, s.Hit, s.Goroutine)
		renderVars(w, "      ", s.Args)
		renderVars(w, "      ", s.Locals)
	}
}

// renderWhy prints the explanation's causal chain, one step a line, and
// says where it comes from.
func renderWhy(w io.Writer, r *Report, st Style) {
	e := r.Explanation
	if e.Details == "" {
		return
	}
	from := "from the evidence"
	if e.Source == "model" {
		from = "from the model " + e.Model
	}
	fmt.Fprintln(w, st.paint("1", "\nwhy")+" ("+from+"):")
	for i, step := range strings.Split(e.Details, " ← ") {
		lead := "  "
		if i > 0 {
			lead = "  ← "
		}
		fmt.Fprintln(w, lead+step)
	}
}

// renderFixes lists the proposed fixes, verified ones first and labelled.
func renderFixes(w io.Writer, r *Report, st Style) {
	if len(r.Fixes) == 0 {
		return
	}
	fmt.Fprintln(w, st.paint("1", "\nfixes:"))
	diffShown := false // the first verified fix's diff; --json has them all
	for _, verified := range []bool{true, false} {
		for _, f := range r.Fixes {
			if f.Verified != verified {
				continue
			}
			label := st.paint("33", "unverified")
			if verified {
				label = st.paint("32", "verified")
			}
			line := fmt.Sprintf("  [%s] %s", label, f.Title)
			if f.Source != "" {
				line += " (" + f.Source + ")"
			}
			if f.Detail != "" && !verified {
				line += ": " + f.Detail
			}
			fmt.Fprintln(w, line)
			if verified && f.Diff != "" && !diffShown {
				diffShown = true
				for _, l := range strings.Split(strings.TrimRight(f.Diff, "\n"), "\n") {
					fmt.Fprintln(w, "      "+l)
				}
			}
		}
	}
}
