package redact

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// Values known to be secret. A variable named password is masked where
// the debugger read it, but its value travels: t.Fatalf("auth failed:
// pass %s", password) puts it in the failure message, the test's output
// and maybe a suspect's evidence, where no name marks it. For collects
// such values from a report's variables and masks them everywhere else.

// minKnown is the shortest value masked wherever it appears: shorter
// ones ("1", "yes", "abc") would mask unrelated text.
const minKnown = 4

// knownValue is one value known to be secret. A prefix is the start of a
// value the debugger or the capture cut: it is masked together with the
// rest of the word it begins.
type knownValue struct {
	text   string
	prefix bool
}

// For returns r bound to rep: a Redactor that also masks, wherever they
// appear, the values rep shows to be secret, that is the string values of
// variables, fields and map keys whose names say they hold a secret
// (when at least 4 characters long). It returns r itself when rep shows
// no such value. Redact and Report bind to the report they are given;
// For is for text that goes with a report but is not in it (source
// windows, past incidents, a signature's message).
func (r *Redactor) For(rep *report.Report) *Redactor {
	if rep == nil {
		return r
	}
	c := collector{seen: map[knownValue]bool{}}
	for _, k := range r.known {
		c.add(k.text, k.prefix)
	}
	vars := func(vs []report.Var) {
		for _, v := range vs {
			c.fromVar(v)
		}
	}
	frames := func(fs []report.Frame) {
		for _, f := range fs {
			vars(f.Args)
			vars(f.Locals)
		}
	}
	if rep.Failure != nil {
		vars(rep.Failure.Case)
	}
	frames(rep.Frames)
	for _, g := range rep.Goroutines {
		frames(g.Frames)
	}
	if rep.Race != nil {
		for _, a := range rep.Race.Accesses {
			frames(a.Frames)
			frames(a.CreatedBy)
		}
	}
	for _, s := range rep.Snapshots {
		vars(s.Args)
		vars(s.Locals)
	}
	if len(c.list) == len(r.known) {
		return r
	}
	return &Redactor{extra: r.extra, known: c.list, knownRE: knownRegexp(c.list)}
}

// knownRegexp matches any of ks, longest first (Go's alternation prefers
// the earlier branch), a prefix with the rest of its word.
func knownRegexp(ks []knownValue) *regexp.Regexp {
	ks = slices.Clone(ks)
	slices.SortStableFunc(ks, func(a, b knownValue) int { return len(b.text) - len(a.text) })
	alts := make([]string, len(ks))
	for i, k := range ks {
		alts[i] = regexp.QuoteMeta(k.text)
		if k.prefix {
			alts[i] += "[^\\s\"'`,;)}\\]]*"
		}
	}
	return regexp.MustCompile(strings.Join(alts, "|"))
}

// collector gathers known values without repeats.
type collector struct {
	list []knownValue
	seen map[knownValue]bool
}

func (c *collector) add(text string, prefix bool) {
	if utf8.RuneCountInString(text) < minKnown || Masked(text) || strings.TrimSpace(text) == "" {
		return
	}
	k := knownValue{text, prefix}
	if !c.seen[k] {
		c.seen[k] = true
		c.list = append(c.list, k)
	}
}

// fromVar adds the secret values of one variable: all of its value when
// its name says secret, else those of its secret-named fields and keys.
func (c *collector) fromVar(v report.Var) {
	if SecretName(v.Name) {
		c.fromValue(v.Value)
		return
	}
	if !strings.Contains(v.Value, ": ") {
		return
	}
	for _, sub := range renderedField.FindAllStringSubmatch(v.Value, -1) {
		if SecretName(strings.Trim(sub[1], `"`)) {
			c.fromValue(sub[2])
		}
	}
}

// moreSuffix is how Delve ends a string it read only in part:
// "abc...+12 more".
var moreSuffix = regexp.MustCompile(`\.\.\.\+[0-9]+ more$`)

// byteSlice is Delve's rendering of a []byte: its elements as numbers.
var byteSlice = regexp.MustCompile(`\[\](?:uint8|byte) len: [0-9]+, cap: [0-9]+, \[([0-9]+(?:,[0-9]+)*)(\]?)`)

// fromValue adds the string values in a rendered value known to be
// secret: each string literal in it (a struct's or a map's included), the
// start of a literal the capture cut ("…"), and a []byte's bytes as text.
// Numbers, booleans and pointers are not collected: "true" or "1234" would
// mask unrelated text everywhere.
func (c *collector) fromValue(val string) {
	end := 0
	for _, loc := range stringLit.FindAllStringIndex(val, -1) {
		lit := val[loc[0]:loc[1]]
		end = loc[1]
		inner := lit[1 : len(lit)-1]
		text, err := strconv.Unquote(lit)
		if err != nil {
			text = inner
		}
		if m := moreSuffix.FindStringIndex(text); m != nil {
			c.add(text[:m[0]], true)
			if im := moreSuffix.FindStringIndex(inner); im != nil && inner[:im[0]] != text[:m[0]] {
				c.add(inner[:im[0]], true)
			}
			continue
		}
		c.add(text, false)
		if inner != text {
			c.add(inner, false) // as %q or a rendering shows it
		}
	}
	// A literal the capture cut at its value limit has no closing quote.
	if rest := val[end:]; strings.HasSuffix(rest, "…") {
		if q := strings.IndexByte(rest, '"'); q >= 0 {
			inner := strings.TrimSuffix(rest[q+1:], "…")
			inner = strings.TrimRight(inner, `\`)
			if text, err := strconv.Unquote(`"` + inner + `"`); err == nil {
				c.add(text, true)
			}
			c.add(inner, true)
		}
	}
	for _, m := range byteSlice.FindAllStringSubmatch(val, -1) {
		nums := strings.Split(m[1], ",")
		cut := m[2] == ""
		if cut {
			nums = nums[:len(nums)-1] // the last number may be cut too
		}
		b := make([]byte, 0, len(nums))
		for _, n := range nums {
			x, err := strconv.Atoi(n)
			if err != nil || x > 255 {
				b = nil
				break
			}
			b = append(b, byte(x))
		}
		if s := string(b); utf8.ValidString(s) && printable(s) {
			c.add(s, cut)
		}
	}
}

func printable(s string) bool {
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}
