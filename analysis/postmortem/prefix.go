package postmortem

import (
	"regexp"
	"strings"
	"unicode"
)

// maxPrefixLen bounds the log prefix we try to strip; anything longer is more
// likely part of a message than a timestamp or a container name.
const maxPrefixLen = 160

var (
	reANSI = regexp.MustCompile("\x1b\\[[0-9;?]*[A-Za-z]")
	// The anchors that show where a trace starts on a line, and so what the
	// log put in front of it. A goroutine header is the most reliable anchor,
	// then the race banner, then a panic line.
	reHeaderAnchor = regexp.MustCompile(`^(.*?)goroutine \d+ (?:gp=\S+ m=\S+ (?:mp=\S+ )?)?\[[^\]]+\]:$`)
	reRaceAnchor   = regexp.MustCompile(`^(.*?)WARNING: DATA RACE$`)
	rePanicAnchor  = regexp.MustCompile(`^(.*?)(?:panic|fatal error): `)
)

// normalize splits text into lines without line endings or colour codes and
// strips the prefix a log collector put before every line of the trace
// ("2024-05-01T10:00:00.123Z stderr F ", "svc-1  | ", "Jan 02 15:04:05 host
// app[42]: "). Timestamps change from line to line, so the prefix is learned
// from the anchor line as a pattern in which digit runs may vary; lines that
// do not carry it (the log's other lines, or trace lines of a log that
// prefixed only the first line) are kept as they are.
func normalize(text []byte) []string {
	s := strings.ReplaceAll(string(text), "\r\n", "\n")
	if strings.IndexByte(s, 0x1b) >= 0 {
		s = reANSI.ReplaceAllString(s, "")
	}
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	re := findPrefix(lines)
	if re == nil {
		return lines
	}
	for i, l := range lines {
		if loc := re.FindStringIndex(l); loc != nil {
			lines[i] = l[loc[1]:]
		} else if blankLine(re, l) {
			lines[i] = ""
		}
	}
	return lines
}

// blankLine reports whether l is the prefix alone with its trailing blanks
// trimmed, as log viewers print an empty line of the program.
func blankLine(re *regexp.Regexp, l string) bool {
	if l == "" || len(l) > maxPrefixLen {
		return false
	}
	for _, pad := range []string{" ", "\t", "  "} {
		if re.MatchString(l + pad) {
			return true
		}
	}
	return false
}

// findPrefix returns the pattern of what precedes the first anchor, trying
// the anchors in order of reliability. A goroutine header is specific enough
// to trust on its own (log.Printf("%s", debug.Stack()) prefixes only that
// line); a prefix before a race banner or a panic line must repeat on a
// following line, or "recovered from panic: x" in a message would pass for
// one.
func findPrefix(lines []string) *regexp.Regexp {
	for k, anchor := range []*regexp.Regexp{reHeaderAnchor, reRaceAnchor, rePanicAnchor} {
		for i, l := range lines {
			m := anchor.FindStringSubmatch(l)
			if m == nil {
				continue
			}
			re := prefixPattern(m[1])
			if re == nil || k == 0 {
				return re
			}
			for _, next := range lines[i+1 : min(i+5, len(lines))] {
				if re.MatchString(next) {
					return re
				}
			}
		}
	}
	return nil
}

// prefixPattern turns a concrete prefix into an anchored pattern where every
// run of digits matches any run of digits. It returns nil for an empty or
// implausibly long prefix.
func prefixPattern(prefix string) *regexp.Regexp {
	if prefix == "" || len(prefix) > maxPrefixLen {
		return nil
	}
	var b strings.Builder
	b.WriteString("^")
	inDigits := false
	for _, r := range prefix {
		if unicode.IsDigit(r) && r < 0x80 {
			if !inDigits {
				b.WriteString(`[0-9]+`)
			}
			inDigits = true
			continue
		}
		inDigits = false
		b.WriteString(regexp.QuoteMeta(string(r)))
	}
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil
	}
	return re
}
