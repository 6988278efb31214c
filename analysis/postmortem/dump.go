package postmortem

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/maruel/panicparse/v2/stack"
	"github.com/sleuth-dev/sleuth/analysis/report"
)

// maxJunkBetweenDumps is how many foreign lines may interrupt a goroutine dump
// before the next goroutines are taken to belong to another dump: other
// goroutines keep logging while the runtime prints a trace.
const maxJunkBetweenDumps = 2

// scanOpts keeps panicparse away from the disk: path guessing and source
// analysis are for the machine that crashed, and Mapper does the mapping.
var scanOpts = &stack.Opts{}

// scanDump parses the first goroutine dump in lines with panicparse. Lines
// of race reports must already be removed: panicparse would switch to its own
// race parser, which does not know "main goroutine" accesses. The note
// explains a dump that could only be read in part.
func scanDump(lines []string) (gs []*stack.Goroutine, note string) {
	var in bytes.Buffer
	for _, l := range lines {
		if l == raceBanner || l == raceRule {
			continue // never let panicparse enter race mode
		}
		in.WriteString(l)
		in.WriteByte('\n')
	}
	r := io.Reader(&in)
	seen := map[int]bool{}
	for {
		junk := &lineCounter{}
		snap, suffix, err := safeScan(r, junk)
		if snap == nil || (len(gs) > 0 && junk.lines > maxJunkBetweenDumps) {
			break
		}
		dup := false
		for _, g := range snap.Goroutines {
			dup = dup || seen[g.ID]
			seen[g.ID] = true
		}
		if dup && len(gs) > 0 {
			break // a second dump of the same process
		}
		for _, g := range snap.Goroutines {
			// A header cut off before its first frame says nothing.
			if len(g.Stack.Calls) > 0 {
				gs = append(gs, g)
			}
		}
		if err != nil && !errors.Is(err, io.EOF) {
			note = fmt.Sprintf("the goroutine dump could only be read in part: %v", err)
			break
		}
		if len(suffix) == 0 && in.Len() == 0 {
			break
		}
		r = io.MultiReader(bytes.NewReader(suffix), &in)
	}
	return gs, note
}

// safeScan calls panicparse, which panics on some malformed input; pasted
// text is arbitrary, so a panic there is one more unreadable dump.
func safeScan(r io.Reader, junk io.Writer) (snap *stack.Snapshot, suffix []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			snap, suffix, err = nil, nil, fmt.Errorf("postmortem: goroutine dump parser failed: %v", p)
		}
	}()
	return stack.ScanSnapshot(r, junk, scanOpts)
}

// lineCounter counts the lines panicparse skipped as not part of a dump.
type lineCounter struct{ lines int }

func (c *lineCounter) Write(p []byte) (int, error) {
	c.lines += bytes.Count(p, []byte{'\n'})
	return len(p), nil
}

// converter turns panicparse calls into report frames, mapping paths.
type converter struct {
	m *Mapper
}

func (c converter) frames(calls []stack.Call) []report.Frame {
	out := make([]report.Frame, 0, len(calls))
	for i := range calls {
		call := &calls[i]
		if call.Func.Complete == "" || call.Func.Complete == "runtime.goexit" {
			// runtime.goexit closes every stack under GOTRACEBACK=system and
			// says nothing about the program.
			continue
		}
		out = append(out, c.frame(call))
	}
	return out
}

func (c converter) frame(call *stack.Call) report.Frame {
	file, ok := c.m.Map(call.RemoteSrcPath)
	return report.Frame{
		Function: funcName(call),
		File:     file,
		Line:     call.Line,
		User:     c.user(file, ok, call.Func.ImportPath),
		Args:     []report.Var{},
		Locals:   []report.Var{},
	}
}

// user decides whether a frame is the user's code. A file that could not be
// mapped is still the user's when its function belongs to the module:
// the checkout may simply be at another commit.
func (c converter) user(file string, mapped bool, importPath string) bool {
	if isGenerated(file) {
		return false
	}
	if c.m == nil || c.m.root == "" || mapped {
		return c.m.IsUser(file)
	}
	if c.m.modulePath != "" {
		return within(importPath, c.m.modulePath)
	}
	// A root without a go.mod: judge by the path alone.
	return NewMapper("", "").IsUser(file)
}

// funcName returns the function as printed, without the " in goroutine N"
// that "created by" lines carry since Go 1.21.
func funcName(call *stack.Call) string {
	name := call.Func.Complete
	if i := strings.LastIndex(name, " in goroutine "); i >= 0 {
		if _, err := strconv.Atoi(name[i+len(" in goroutine "):]); err == nil {
			name = name[:i]
		}
	}
	return name
}

// location is where a frame stands.
func location(f report.Frame) report.Location {
	return report.Location{File: f.File, Line: f.Line, Function: f.Function}
}

// failingLocation picks the frame to blame: the innermost user frame below
// the outermost "panic" frame, else the innermost user frame, else the
// innermost frame. A "panic" frame means a deferred call panicked again while
// the first panic unwound (go test re-panics this way too); the message is
// the first panic's, so the place is the first panic's as well.
func failingLocation(frames []report.Frame) report.Location {
	start := 0
	for i, f := range frames {
		if f.Function == "panic" {
			start = i + 1
		}
	}
	for _, from := range []int{start, 0} {
		for _, f := range frames[from:] {
			if f.User {
				return location(f)
			}
		}
	}
	if len(frames) > 0 {
		return location(frames[0])
	}
	return report.Location{}
}

// goroutine converts one panicparse goroutine.
func (c converter) goroutine(g *stack.Goroutine) report.Goroutine {
	frames := c.frames(g.Stack.Calls)
	out := report.Goroutine{
		ID:     int64(g.ID),
		Count:  1,
		State:  g.State,
		Frames: frames,
	}
	if waiting(g.State) {
		out.WaitReason = g.State
	}
	for _, f := range frames {
		out.User = out.User || f.User
	}
	if calls := g.CreatedBy.Calls; len(calls) > 0 {
		f := c.frame(&calls[0])
		loc := location(f)
		out.CreatedBy = &loc
	}
	return out
}

// waiting reports whether a goroutine state is a wait reason rather than a
// scheduler status.
func waiting(state string) bool {
	switch state {
	case "", "running", "runnable", "syscall", "idle", "dead", "copystack", "preempted", "finished":
		return false
	}
	return true
}

// group merges goroutines with identical stacks, keeping the order in which
// they were printed (the runtime prints the failing goroutine first).
// Arguments are ignored: they differ between goroutines running the same
// code on different data.
func group(gs []report.Goroutine) []report.Goroutine {
	out := []report.Goroutine{}
	index := map[string]int{}
	for _, g := range gs {
		k := groupKey(g)
		i, ok := index[k]
		if !ok {
			index[k] = len(out)
			out = append(out, g)
			continue
		}
		if out[i].Count == 1 {
			out[i].IDs = []int64{out[i].ID}
		}
		out[i].Count++
		out[i].IDs = append(out[i].IDs, g.ID)
	}
	return out
}

func groupKey(g report.Goroutine) string {
	var b strings.Builder
	b.WriteString(g.State)
	for _, f := range g.Frames {
		fmt.Fprintf(&b, "|%s %s:%d", f.Function, f.File, f.Line)
	}
	if g.CreatedBy != nil {
		fmt.Fprintf(&b, "|created by %s %s:%d", g.CreatedBy.Function, g.CreatedBy.File, g.CreatedBy.Line)
	}
	return b.String()
}
