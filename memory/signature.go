package memory

import (
	"crypto/sha256"
	"encoding/hex"
	"path"
	"regexp"
	"strings"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// maxSigFrames bounds the user frames of a signature: the innermost ones say
// where a failure is, the outer ones only how the test reached it.
const maxSigFrames = 6

// maxSigMessage bounds a normalised message, in bytes.
const maxSigMessage = 240

// Signature identifies a failure independently of the run that showed it:
// the same bug seen again after an unrelated edit, on another machine or in
// another goroutine has the same Signature.
type Signature struct {
	// Kind is the failure kind (report.Kind).
	Kind string `json:"kind"`
	// Frames are the user frames, innermost first, as "package.Function"
	// with closure numbers removed ("example.com/cart.TestAdd.func").
	Frames []string `json:"frames"`
	// Message is the failure message with addresses, numbers, goroutine ids,
	// paths and line numbers replaced.
	Message string `json:"message"`
}

// Key is the exact-match key of s: equal signatures have equal keys.
func (s Signature) Key() string {
	h := sha256.New()
	h.Write([]byte(s.Kind))
	h.Write([]byte{0})
	h.Write([]byte(strings.Join(s.Frames, "\n")))
	h.Write([]byte{0})
	h.Write([]byte(s.Message))
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// String is s in one line, for humans.
func (s Signature) String() string {
	fr := make([]string, len(s.Frames))
	for i, f := range s.Frames {
		fr[i] = ShortFunc(f)
	}
	return s.Kind + " [" + strings.Join(fr, " ← ") + "] " + s.Message
}

// site is the package the failure shows in: its innermost frame's.
func (s Signature) site() string {
	if len(s.Frames) == 0 {
		return ""
	}
	return Package(s.Frames[0])
}

// SignatureOf computes the signature of rep's failure; ok is false when rep
// has no failure.
func SignatureOf(rep *report.Report) (Signature, bool) {
	if rep == nil || rep.Failure == nil {
		return Signature{}, false
	}
	s := Signature{Kind: string(rep.Failure.Kind), Message: NormalizeMessage(rep.Failure.Message), Frames: []string{}}
	frames := rep.Frames
	if len(userFrames(frames)) == 0 && rep.Race != nil && len(rep.Race.Accesses) > 0 {
		frames = rep.Race.Accesses[0].Frames
	}
	for _, f := range userFrames(frames) {
		fn := NormalizeFunc(f.Function)
		if len(s.Frames) > 0 && s.Frames[len(s.Frames)-1] == fn {
			continue // recursion and closures of one function count once
		}
		s.Frames = append(s.Frames, fn)
		if len(s.Frames) == maxSigFrames {
			break
		}
	}
	if len(s.Frames) == 0 && rep.Failure.Location.Function != "" {
		s.Frames = append(s.Frames, NormalizeFunc(rep.Failure.Location.Function))
	}
	if len(s.Frames) == 0 && rep.Failure.Location.File != "" {
		// Build errors have no stack: the file stands in for the place.
		s.Frames = append(s.Frames, path.Base(rep.Failure.Location.File))
	}
	return s, true
}

func userFrames(fs []report.Frame) []report.Frame {
	var out []report.Frame
	for _, f := range fs {
		if f.User {
			out = append(out, f)
		}
	}
	return out
}

// closureSuffix matches the compiler's numbering of closures, wrappers and
// range-over-func bodies, which changes when an unrelated closure is added.
var closureSuffix = regexp.MustCompile(`((\.(func|gowrap|deferwrap)\d+)|(-range\d+)|(\.\d+))+`)

// NormalizeFunc removes closure numbers from a function name.
func NormalizeFunc(fn string) string {
	return closureSuffix.ReplaceAllStringFunc(fn, func(m string) string {
		if strings.Contains(m, "func") || strings.Contains(m, "wrap") || strings.Contains(m, "range") {
			return ".func"
		}
		return ""
	})
}

// ShortFunc drops the package path of a normalised function name:
// "example.com/cart.(*Cart).Add" → "(*Cart).Add".
func ShortFunc(fn string) string {
	if i := strings.LastIndex(fn, "/"); i >= 0 {
		fn = fn[i+1:]
	}
	if i := strings.Index(fn, "."); i >= 0 && !strings.HasSuffix(fn, ".go") {
		return fn[i+1:]
	}
	return fn
}

// Package returns the package path of a normalised function name.
func Package(fn string) string {
	slash := strings.LastIndex(fn, "/")
	if i := strings.Index(fn[slash+1:], "."); i >= 0 {
		return fn[:slash+1+i]
	}
	return fn
}

// The replacements of NormalizeMessage, in order: what varies between two
// runs of the same bug.
var messageRules = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`(?:[A-Za-z]:)?(?:[\w.@+-]*[/\\])+([\w.@+-]+\.go)(:\d+)+`), "$1"}, // paths with lines
	{regexp.MustCompile(`\b(\w+\.go)(:\d+)+`), "$1"},                                      // file.go:12:3
	{regexp.MustCompile(`(?:/[\w.@+-]+){2,}/?`), "PATH"},                                  // absolute paths
	{regexp.MustCompile(`\b0x[0-9a-fA-F]+\b`), "ADDR"},                                    // addresses
	{regexp.MustCompile(`\bgoroutine \d+`), "goroutine N"},
	{regexp.MustCompile(`\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b`), "UUID"},
	{regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?`), "TIME"},
	{regexp.MustCompile(`(^|[^\w.])-?\d+(\.\d+)?([eE][+-]?\d+)?`), "${1}N"}, // numbers, not inside names
	{regexp.MustCompile(`\s+`), " "},
}

// NormalizeMessage turns a failure message into the stable part of the
// signature: paths become their base name without line numbers, numbers
// become N, addresses ADDR, goroutine ids, UUIDs and timestamps are replaced,
// and white space is collapsed. The result is at most 240 bytes.
func NormalizeMessage(msg string) string {
	for _, r := range messageRules {
		msg = r.re.ReplaceAllString(msg, r.with)
	}
	msg = strings.TrimSpace(msg)
	if len(msg) > maxSigMessage {
		msg = strings.ToValidUTF8(msg[:maxSigMessage], "")
	}
	return msg
}
