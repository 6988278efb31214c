package model

import (
	"slices"
	"strings"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// What the prompt builder does beyond the Redactor: redact only what can
// reach the prompt (cheaper, and cut safely). Masking itself, of the
// report, of text and of Go source (Redactor.Code), is analysis/redact's.

// outputKeep is how much of the output's tail is redacted and can reach
// the prompt (output() shows at most 2,000 bytes of it).
const outputKeep = 8 << 10

// trimmed is a shallow copy of rep without what the prompt never shows
// (goroutines) and with only the output's tail, so that redaction, the
// costly part of Build, reads 8 KiB of output rather than 64.
func trimmed(rep *report.Report) *report.Report {
	t := *rep
	t.Goroutines = nil
	t.Target.Output = outputTail(rep.Target.Output, outputKeep)
	// values() shows the variables of the first maxValueFrames user
	// frames that have any.
	t.Frames = slices.Clone(rep.Frames)
	n := 0
	for i, f := range t.Frames {
		if !f.User || len(f.Args)+len(f.Locals) == 0 {
			continue
		}
		if n++; n > maxValueFrames {
			t.Frames[i].Args, t.Frames[i].Locals = nil, nil
		}
	}
	return &t
}

// outputTail returns about the last n bytes of out, cut at a line start so
// that no secret is cut in half (and so escapes the redactor's patterns).
// A private key whose BEGIN line falls in the dropped head is dropped whole.
func outputTail(out string, n int) string {
	if len(out) <= n {
		return out
	}
	head, tail := out[:len(out)-n], out[len(out)-n:]
	if i := strings.IndexByte(tail, '\n'); i >= 0 {
		tail = tail[i+1:]
	} else {
		tail = ""
	}
	if b := strings.LastIndex(head, "-----BEGIN "); b >= 0 && !strings.Contains(head[b:], "-----END ") {
		if e := strings.Index(tail, "-----END "); e >= 0 {
			if nl := strings.IndexByte(tail[e:], '\n'); nl >= 0 {
				tail = tail[e+nl+1:]
			} else {
				tail = ""
			}
		} else {
			tail = ""
		}
	}
	return tail
}
