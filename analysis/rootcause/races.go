package rootcause

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// traceRace judges a data race report: of the two conflicting accesses,
// the one made without holding any lock is the missing lock (more so when
// the other side holds one); two accesses under different locks are the
// wrong lock.
func (t *tracer) traceRace() {
	if t.rep.Race == nil {
		return
	}
	type side struct {
		acc   report.Access
		s     site
		locks []*ast.CallExpr
	}
	var sides []side
	for _, a := range t.rep.Race.Accesses {
		for i, f := range a.Frames {
			if !f.User {
				continue
			}
			fn, fi := t.p.funcAt(f.File, f.Line)
			if fn == nil {
				break
			}
			s := site{fn: fn, fi: fi, line: f.Line, frame: -1}
			sides = append(sides, side{acc: a, s: s, locks: t.racerLocks(a.Frames[i:])})
			break
		}
	}
	locked := 0
	for _, sd := range sides {
		if len(sd.locks) > 0 {
			locked++
		}
	}
	for i, sd := range sides {
		other := ""
		if len(sides) == 2 {
			o := sides[1-i]
			other = fmt.Sprintf(", while goroutine %d %ss it at %s", o.acc.Goroutine, opVerb(o.acc.Op), t.where(t.lineStart(o.s)))
		}
		switch {
		case len(sd.locks) == 0 && locked > 0:
			t.suspect(t.lineStart(sd.s), sd.s.fn, opVerb(sd.acc.Op)+"s the shared value without the lock the other side holds"+other, 0.88)
		case len(sd.locks) == 0:
			t.suspect(t.lineStart(sd.s), sd.s.fn, opVerb(sd.acc.Op)+"s the shared value without holding any lock"+other, 0.7)
		case locked == len(sides) && len(sides) == 2:
			t.suspect(t.lineStart(sd.s), sd.s.fn, opVerb(sd.acc.Op)+"s the shared value under "+lockNames(sd.locks)+", a different lock from the other side's"+other, 0.6)
		}
	}
}

// racerLocks returns the locks held at the innermost frame of frames or
// in any user frame above it (a caller that locked before calling in).
func (t *tracer) racerLocks(frames []report.Frame) []*ast.CallExpr {
	for _, f := range frames {
		if !f.User {
			continue
		}
		fn, fi := t.p.funcAt(f.File, f.Line)
		if fn == nil {
			return nil
		}
		if l := t.heldLocks(site{fn: fn, fi: fi, line: f.Line, frame: -1}); len(l) > 0 {
			return l
		}
	}
	return nil
}

func opVerb(op string) string {
	if strings.Contains(op, "write") {
		return "write"
	}
	return "read"
}

func lockNames(calls []*ast.CallExpr) string {
	var names []string
	for _, c := range calls {
		names = append(names, types.ExprString(c.Fun.(*ast.SelectorExpr).X))
	}
	return strings.Join(names, ", ")
}
