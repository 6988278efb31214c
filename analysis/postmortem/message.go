package postmortem

import (
	"regexp"
	"strings"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// maxMessageLines bounds a multi-line panic value: when the blank line that
// ends it is missing (a truncated log), the rest of the log is not the value.
const maxMessageLines = 64

const fatalPrefix = "fatal error: "

// goexitNoise is what testing reports when a test goroutine ended through
// runtime.Goexit or panic(nil); next to a real panic it says nothing.
const goexitNoise = "test executed panic(nil) or runtime.Goexit"

var (
	// reGoroutineHeader matches the line that opens one goroutine of a dump,
	// including the "gp=... m=..." form printed with GOTRACEBACK=system and
	// on SIGQUIT.
	reGoroutineHeader = regexp.MustCompile(`^goroutine \d+ (?:gp=\S+ m=\S+ (?:mp=\S+ )?)?\[[^\]]+\]:$`)
	// reSignal matches the runtime's signal banner ("SIGQUIT: quit").
	reSignal = regexp.MustCompile(`^SIG[A-Z0-9]+: \S.*$`)
	// reTestFail matches "--- FAIL: TestName/sub (0.00s)".
	reTestFail = regexp.MustCompile(`^\s*--- FAIL: (\S+) \(`)
	// reRunningTest matches a test listed under "running tests:" in a timeout.
	reRunningTest = regexp.MustCompile(`^\s+(Test\S*|Example\S*|Fuzz\S*|Benchmark\S*) \(`)
)

// Classify maps a panic value or fatal error to a failure kind. Messages of
// fatal errors start with "fatal error: " (as FindPanic returns them), which
// is how an unknown fatal error is told apart from a custom panic; a leading
// "panic: " is ignored.
func Classify(message string) report.Kind {
	msg := strings.TrimPrefix(strings.TrimSpace(message), "panic: ")
	has := func(s string) bool { return strings.Contains(msg, s) }
	switch {
	case strings.HasPrefix(msg, "WARNING: DATA RACE"), strings.HasPrefix(msg, "data race"):
		return report.KindDataRace
	case has("all goroutines are asleep"):
		return report.KindDeadlock
	case has("concurrent map writes"), has("concurrent map read and map write"),
		has("concurrent map iteration and map write"):
		return report.KindConcurrentMapWrite
	case has("test timed out"):
		return report.KindTimeout
	case has("invalid memory address or nil pointer dereference"):
		return report.KindNilDeref
	case has("assignment to entry in nil map"):
		return report.KindNilMapWrite
	case has("index out of range"):
		return report.KindIndexOutOfRange
	case has("slice bounds out of range"):
		return report.KindSliceBounds
	case has("interface conversion"):
		return report.KindTypeAssertion
	case has("close of closed channel"), has("close of nil channel"), has("send on closed channel"):
		return report.KindClosedChannel
	case has("integer divide by zero"):
		return report.KindDivideByZero
	case strings.HasPrefix(msg, strings.TrimSpace(fatalPrefix)):
		return report.KindFatal
	default:
		return report.KindCustomPanic
	}
}

// CleanMessage turns the text the runtime printed after "panic: " into the
// panic value: it drops the " [recovered]" and " [recovered, repanicked]"
// markers, the tab the runtime puts before continuation lines, the panics
// chained after the first (the first is the cause; later ones were raised
// while handling it) and testing's Goexit notice when a real panic is there.
// "runtime error: " is kept: it tells runtime panics from user panics. A
// leading "panic: " is tolerated.
func CleanMessage(msg string) string {
	msg = strings.ReplaceAll(msg, "\r\n", "\n")
	msg = strings.TrimPrefix(strings.TrimLeft(msg, " \t"), "panic: ")
	first, _ := splitChain(strings.Split(msg, "\n"))
	return first
}

// splitChain splits the lines of a panic message into the cleaned first
// panic and the cleaned panics chained after it.
func splitChain(lines []string) (first string, chained []string) {
	var panics [][]string
	cur := []string{lines[0]}
	for _, l := range lines[1:] {
		t := strings.TrimLeft(l, " \t")
		if rest, ok := strings.CutPrefix(t, "panic: "); ok {
			panics = append(panics, cur)
			cur = []string{rest}
			continue
		}
		if strings.HasPrefix(t, "[signal ") || reGoroutineHeader.MatchString(t) {
			break
		}
		cur = append(cur, strings.TrimPrefix(l, "\t"))
	}
	panics = append(panics, cur)
	var msgs []string
	for _, p := range panics {
		m := strings.TrimRight(strings.Join(p, "\n"), " \t\n")
		m = strings.TrimSuffix(m, " [recovered, repanicked]")
		m = strings.TrimSuffix(m, " [recovered]")
		msgs = append(msgs, m)
	}
	for i, m := range msgs {
		if !strings.HasPrefix(m, goexitNoise) || i == len(msgs)-1 {
			return m, append(msgs[:i:i], msgs[i+1:]...)
		}
	}
	return msgs[0], msgs[1:]
}

// FindPanic returns the first panic or fatal error in a program's output,
// cleaned as CleanMessage does. Panic values come without "panic: "; fatal
// errors keep "fatal error: " so that Classify can tell them apart. A
// multi-line value is joined up to the blank line before the goroutine trace.
func FindPanic(text []byte) (message string, ok bool) {
	pm := findPanic(normalize(text), nil)
	if pm == nil {
		return "", false
	}
	return pm.message, true
}

// panicMessage is a panic or fatal error found in the text.
type panicMessage struct {
	message string // cleaned; fatal errors keep their prefix
	fatal   bool
	line    int      // index of the "panic:" or "fatal error:" line
	chained []string // later panics of the chain, cleaned
}

// findPanic finds the first "panic: " or "fatal error: " line outside the
// skipped lines (race reports) and collects its continuation lines.
func findPanic(lines []string, skip []bool) *panicMessage {
	for i, l := range lines {
		if skip != nil && skip[i] {
			continue
		}
		fatal := strings.HasPrefix(l, fatalPrefix)
		if !fatal && !strings.HasPrefix(l, "panic: ") {
			continue
		}
		first := strings.TrimPrefix(strings.TrimPrefix(l, fatalPrefix), "panic: ")
		msgLines := []string{first}
		for j := i + 1; j < len(lines) && j <= i+maxMessageLines; j++ {
			next := lines[j]
			if strings.TrimSpace(next) == "" || reGoroutineHeader.MatchString(next) ||
				strings.HasPrefix(next, "[signal ") || (skip != nil && skip[j]) {
				break
			}
			msgLines = append(msgLines, next)
		}
		msg, chained := splitChain(msgLines)
		if fatal {
			msg = fatalPrefix + msg
		}
		return &panicMessage{message: msg, fatal: fatal, line: i, chained: chained}
	}
	return nil
}

// failedTest returns the innermost test reported as failed by the last group
// of "--- FAIL:" lines before line end (go test prints parents first).
func failedTest(lines []string, end int) string {
	for i := min(end, len(lines)) - 1; i >= 0; i-- {
		if m := reTestFail.FindStringSubmatch(lines[i]); m != nil {
			return m[1]
		}
		if strings.HasPrefix(lines[i], "FAIL\t") || strings.HasPrefix(lines[i], "ok  \t") {
			return "" // the result line of an earlier package
		}
	}
	return ""
}

// failedTestAfter returns the deepest test of the first group of "--- FAIL:"
// lines after line start; go test reports a race's test after the race.
func failedTestAfter(lines []string, start int) string {
	name := ""
	for i := max(start, 0); i < len(lines); i++ {
		m := reTestFail.FindStringSubmatch(lines[i])
		switch {
		case m != nil && (name == "" || strings.HasPrefix(m[1], name+"/")):
			name = m[1]
		case name != "" && m == nil && strings.HasPrefix(lines[i], " "):
			// Test log lines between parent and sub-test results.
		case name != "":
			return name
		}
	}
	return name
}

// runningTest returns the first test listed under "running tests:" in a
// "test timed out" panic.
func runningTest(message string) string {
	_, list, ok := strings.Cut(message, "running tests:")
	if !ok {
		return ""
	}
	for _, l := range strings.Split(list, "\n") {
		if m := reRunningTest.FindStringSubmatch(l); m != nil {
			return m[1]
		}
	}
	return ""
}
