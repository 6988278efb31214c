package rootcause

import (
	"fmt"
	"runtime"
	"strings"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// The tracer's budget.
//
// The walks of origin.go and flow*.go follow a value through fields, calls
// and returns, and programs connect those in cycles: a field assigned from
// itself (prev.next = cur.next), two fields assigned from each other,
// functions that return each other's results. Visited sets end the cycles
// they know of (originKey, flow.seen); the budget ends every walk, known
// cycle or not, so that one analysis can neither overflow the stack (a
// fatal error no recover catches) nor run without end. Past the budget the
// tracer stops where it stands and the ranking covers what it reached.
const (
	// maxNesting bounds how deeply the walks (origin, flow.expr,
	// flow.callResult) may nest inside one another, whatever depth they
	// count themselves. The corpus's deepest trace nests 37 levels
	// (daily_sales_timezone); a walk at maxNesting has lost its way.
	maxNesting = 200
	// maxSteps bounds the steps (entries into those walks) of one
	// analysis. The corpus's longest trace takes 137; a step can scan the
	// loaded files, so this is also a bound on time.
	maxSteps = 20000
)

// budget counts one tracer's steps and nesting against its limits.
type budget struct {
	maxSteps, maxNesting int
	steps, nesting       int
	// deepest is the most nesting reached, for tests.
	deepest int
	// spent says which limit stopped a walk, "" while none did.
	spent string
}

func newBudget() budget { return budget{maxSteps: maxSteps, maxNesting: maxNesting} }

// enter takes a step into a walk. It returns false, and the walk must
// return at once, when the steps are spent (then every later walk stops
// too) or the walk would nest too deeply (then only this branch stops).
// Every true is paired with a leave.
func (b *budget) enter() bool {
	if b.steps >= b.maxSteps {
		b.spent = fmt.Sprintf("the root-cause trace stopped after %d steps; suspects past that point were not followed", b.maxSteps)
		return false
	}
	if b.nesting >= b.maxNesting {
		if b.spent == "" {
			b.spent = fmt.Sprintf("the root-cause trace stopped at %d nested steps; suspects past that point were not followed", b.maxNesting)
		}
		return false
	}
	b.steps++
	b.nesting++
	b.deepest = max(b.deepest, b.nesting)
	return true
}

// leave ends a step that enter began.
func (b *budget) leave() { b.nesting-- }

// note adds a note on a spent budget to the explanation: the ranking is
// what the trace reached, not all it would have.
func (b *budget) note(e *report.Explanation) {
	switch {
	case b.spent == "":
	case e.Details == "":
		e.Details = b.spent
	default:
		e.Details += " (" + b.spent + ")"
	}
}

// failed turns a panic recovered at an entry point of the package into
// the error the caller reports instead of the analysis: one bad analysis
// must not take the rest of the answer (the capture) with it. The error
// names the function that panicked, for the bug report.
func failed(r any) error {
	if err, ok := r.(error); ok { // a runtime.Error stays one for errors.As
		return fmt.Errorf("root-cause analysis failed: %w%s", err, panicSite())
	}
	return fmt.Errorf("root-cause analysis failed: %v%s", r, panicSite())
}

// panicSite returns " (in F at file:line)" for the function that panicked,
// found on the stack of the deferred call that recovered: the first frame
// past runtime.gopanic outside the runtime.
func panicSite() string {
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(2, pcs)])
	past := false
	for {
		fr, more := frames.Next()
		switch {
		case fr.Function == "runtime.gopanic":
			past = true
		case past && !strings.HasPrefix(fr.Function, "runtime."):
			file := fr.File
			if i := strings.LastIndex(file, "/"); i >= 0 {
				file = file[i+1:]
			}
			name := fr.Function
			if i := strings.LastIndex(name, "/"); i >= 0 {
				name = name[i+1:]
			}
			return fmt.Sprintf(" (in %s at %s:%d)", name, file, fr.Line)
		}
		if !more {
			return ""
		}
	}
}
