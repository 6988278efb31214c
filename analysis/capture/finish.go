package capture

import (
	"strings"

	"github.com/sleuth-dev/sleuth/analysis/postmortem"
	"github.com/sleuth-dev/sleuth/analysis/report"
)

// finish completes the report once the target is gone: the bounded output,
// and the panic text the runtime printed, which reads better than the raw
// value read from memory ("index out of range [5] with length 2" rather than
// runtime.boundsError{...}).
func (r *runner) finish(outPath string) {
	text, truncated := r.out.text()
	r.rep.Target.Output, r.rep.Target.OutputTruncated = text, truncated
	if text != "" {
		r.rep.Target.OutputFile = outPath
	}
	f := r.rep.Failure
	if f == nil {
		return
	}
	switch f.Kind {
	case report.KindTimeout, report.KindDeadlock, report.KindTestFailure, report.KindDataRace, report.KindBuildError:
	case report.KindExit:
		if strings.HasPrefix(f.Message, "log.") {
			if line := lastLine(text); line != "" {
				f.Message = line + " (" + f.Message + ")"
			}
		}
	default:
		if msg, ok := postmortem.FindPanic([]byte(text)); ok {
			f.Message = msg
			f.Kind = postmortem.Classify(prefixFor(f.Kind) + msg)
		} else {
			f.Kind = postmortem.Classify(prefixFor(f.Kind) + f.Message)
		}
	}
	if f.Kind == report.KindDeadlock && len(r.rep.WaitFor) == 0 {
		r.rep.Notes = append(r.rep.Notes, "no goroutine with user code was blocked")
	}
}

// prefixFor restores the runtime's prefix so Classify sees the text as the
// runtime printed it.
func prefixFor(k report.Kind) string {
	switch k {
	case report.KindConcurrentMapWrite, report.KindDeadlock, report.KindFatal:
		return "fatal error: "
	}
	return "panic: "
}

// lastLine is the last non-blank line of the output that is not the test
// harness's own FAIL summary.
func lastLine(text string) string {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		l := strings.TrimSpace(lines[i])
		if l == "" || l == "FAIL" || strings.HasPrefix(l, "FAIL\t") || strings.HasPrefix(l, "exit status") {
			continue
		}
		return l
	}
	return ""
}
