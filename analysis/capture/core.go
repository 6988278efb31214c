package capture

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/go-delve/delve/service/api"
	"github.com/sleuth-dev/sleuth/analysis/postmortem"
	"github.com/sleuth-dev/sleuth/analysis/report"
)

// Core opens a core dump of binary through Delve and reports the panicking
// goroutine with its locals, like a live capture.
func Core(ctx context.Context, binary, core string, o Options) (*report.Report, error) {
	o.defaults()
	for _, p := range []string{binary, core} {
		if _, err := os.Stat(p); err != nil {
			return nil, fmt.Errorf("capture: %w", err)
		}
	}
	binary, _ = filepath.Abs(binary)
	core, _ = filepath.Abs(core)
	out := newOutputSink("", 1, 1, 0)
	s, err := startSession(ctx, o.WorkerExe, workerConfig{Args: []string{binary}, Core: core, Dir: o.Dir}, out)
	if err != nil {
		return nil, err
	}
	defer s.close()
	root := o.Dir
	if info, err := dirPackage(o.Dir); err == nil {
		root = info.ModRoot
	}
	ver, _ := binaryGoVersion(binary)
	rd := newReader(s, o.Limits, root, ver)
	rep := report.Empty("core")
	rep.Target.Binary = binary
	snap, err := rd.goroutines(o.Limits.MaxFrames)
	if err != nil {
		return nil, err
	}
	gid, kind := int64(0), report.KindFatal
	for _, g := range snap.groups {
		for _, f := range g.frames {
			if f.Function == "runtime.fatalpanic" || f.Function == "runtime.gopanic" {
				gid, kind = g.ids[0], report.KindCustomPanic
			}
		}
		if gid != 0 {
			break
		}
	}
	if gid == 0 {
		if st, err := s.client.GetState(); err == nil && st.SelectedGoroutine != nil {
			gid = st.SelectedGoroutine.ID
		}
	}
	frames, _, err := rd.stack(gid, o.Limits.MaxFrames, true)
	if err != nil {
		return nil, err
	}
	msg, kind := coreMessage(s, rd, gid, frames, kind)
	rep.Frames = frames
	rep.Failure = &report.Failure{Kind: kind, Message: msg, Goroutine: gid, Location: locationOf(frames)}
	rep.Goroutines = rd.summary(snap, gid)
	return rep, nil
}

// coreMessage reads the panic value from the innermost runtime.gopanic
// frame (its argument e), and falls back to the runtime function that raised
// the panic when the value cannot be read.
func coreMessage(s *session, rd *reader, gid int64, frames []report.Frame, kind report.Kind) (string, report.Kind) {
	for i := len(frames) - 1; i >= 0; i-- {
		if frames[i].Function != "runtime.gopanic" {
			continue
		}
		v, err := s.client.EvalVariable(api.EvalScope{GoroutineID: gid, Frame: i}, "e", rd.deep)
		if err != nil || v.Unreadable != "" {
			break
		}
		msg := v.SinglelineString()
		if len(v.Children) == 1 && v.Children[0].Kind.String() == "string" {
			msg = v.Children[0].Value
		}
		return msg, postmortem.Classify("panic: " + msg)
	}
	for _, f := range frames {
		if k, ok := raisedBy[f.Function]; ok {
			return string(k) + " (raised by " + f.Function + ")", k
		}
	}
	return "the process dumped core", kind
}

// raisedBy maps the runtime functions that raise runtime errors to kinds.
var raisedBy = map[string]report.Kind{
	"runtime.panicmem":      report.KindNilDeref,
	"runtime.sigpanic":      report.KindNilDeref,
	"runtime.goPanicIndex":  report.KindIndexOutOfRange,
	"runtime.goPanicIndexU": report.KindIndexOutOfRange,
	"runtime.panicdivide":   report.KindDivideByZero,
	"runtime.panicdottypeE": report.KindTypeAssertion,
	"runtime.panicdottypeI": report.KindTypeAssertion,
	"runtime.closechan":     report.KindClosedChannel,
	"runtime.chansend":      report.KindClosedChannel,
}
