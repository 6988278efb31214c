// Package redact is sleuth's one redactor: it removes secrets from reports
// and from any text before anything leaves the process (a model prompt) or
// is stored (the incident memory), and from the report every front end
// shows. Every path that masks goes through it, and all of them write the
// one Mask, so that one check (Masked) can refuse a model fix that would
// write a masked value into code.
//
// The rules, applied by Redactor.String to any text and by Redactor.Redact
// to every text field of a report:
//
//   - a variable, field or map key whose name says it holds a secret
//     (password, token, secret, key, credential, authorization, cookie, ...)
//     has its whole value replaced;
//   - text that looks like a secret (API keys, JWTs, private keys,
//     passwords in connection strings, bearer tokens, key=value pairs) is
//     replaced wherever it appears: values, messages, output, evidence;
//   - the user's patterns (New, With) are replaced wherever they match;
//   - a value known to be secret, because a variable or field whose name
//     says so holds it, is replaced wherever else in the same report it
//     appears (For): t.Fatalf("pass %s", password) puts the password in the
//     failure message, where no name marks it.
//
// Source code (Code) follows the text rules and, on a line that names a
// secret, masks every string literal: code is where credentials are most
// often written down. A fix's Diff is shown, stored and sent to a model,
// so it is redacted as code; a fix's Edits are not: they are what an
// editor writes back into the user's own file, and a mask there would
// corrupt the code it fixes.
//
// Redaction is deliberately eager: a false positive costs a value in a
// report; a false negative leaks a credential. It is idempotent: masks
// already in a text are left as they are, so a report may be redacted
// again on every path it takes.
package redact

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// Mask replaces what was removed. It is the only mask sleuth writes.
const Mask = "[redacted]"

// legacyMask is the mask user patterns wrote before there was one
// redactor; reports and incidents saved then may still hold it.
const legacyMask = "‹redacted›"

// Masked reports whether s holds a redaction mask: text that must never be
// written into code, because what it stands for is gone.
func Masked(s string) bool {
	return strings.Contains(s, Mask) || strings.Contains(s, legacyMask)
}

// secretWords are the words of a name that say it holds a secret.
var secretWords = map[string]bool{
	"password": true, "passwd": true, "pwd": true, "passphrase": true, "pass": true,
	"secret": true, "secrets": true, "token": true, "tokens": true, "key": true, "apikey": true,
	"credential": true, "credentials": true, "creds": true, "authorization": true, "auth": true,
	"cookie": true, "cookies": true, "sessionid": true, "signature": true, "privatekey": true, "dsn": true,
}

// words splits an identifier at underscores, dashes, dots and case
// changes: "apiKey" → api, key; "DB_PASSWORD" → db, password.
func words(name string) []string {
	var out []string
	cur := []rune{}
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(name)
	for i, c := range rs {
		switch {
		case c == '_' || c == '-' || c == '.' || c == ' ':
			flush()
			continue
		case i > 0 && unicode.IsUpper(c) && (unicode.IsLower(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1])):
			flush()
		}
		cur = append(cur, c)
	}
	flush()
	return out
}

// secretText matches text that looks like a secret whatever holds it.
var secretText = []*regexp.Regexp{
	regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)`),
	regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`),               // JWT
	regexp.MustCompile(`\b(AKIA|ASIA)[0-9A-Z]{16}\b`),                                                // AWS access key id
	regexp.MustCompile(`\b(sk|pk|rk)_(live|test)_[0-9A-Za-z]{10,}\b`),                                // Stripe-style
	regexp.MustCompile(`\bsk-[A-Za-z0-9_-]{20,}\b`),                                                  // OpenAI-style
	regexp.MustCompile(`\bgh[pousr]_[A-Za-z0-9]{30,}\b`),                                             // GitHub
	regexp.MustCompile(`\bxox[abposr]-[A-Za-z0-9-]{10,}\b`),                                          // Slack
	regexp.MustCompile(`\bAIza[0-9A-Za-z_-]{35}\b`),                                                  // Google API key
	regexp.MustCompile(`(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}`),                              // Authorization values
	regexp.MustCompile(`(?i)\b(password|passwd|pwd|secret|token|api_?key)\s*[=:]\s*[^\s&;,"'}]{3,}`), // key=value
}

// userinfo matches the password of a URL or DSN: scheme://user:PASSWORD@host.
var userinfo = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]*:)([^@\s/]+)(@)`)

// Redactor applies the built-in rules, the user's patterns and, once
// bound to a report (For), the values that report shows to be secret. A
// Redactor is never changed after it is made, so one may be shared.
type Redactor struct {
	extra []*regexp.Regexp
	// known are the values one report shows to be secret (For);
	// knownRE matches any of them, longest first.
	known   []knownValue
	knownRE *regexp.Regexp
}

// New returns a Redactor with the user's extra patterns (regular
// expressions whose matches are masked). A bad pattern is an error naming
// it; the built-in rules always apply.
func New(patterns []string) (*Redactor, error) {
	res := make([]*regexp.Regexp, 0, len(patterns))
	for _, p := range patterns {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("redact: pattern %q: %w", p, err)
		}
		res = append(res, re)
	}
	return With(res), nil
}

// With returns a Redactor with the user's patterns, compiled already (as
// the language server's settings and the investigate request hold them);
// nil entries are skipped. With(nil) is the built-in rules only.
func With(res []*regexp.Regexp) *Redactor {
	r := &Redactor{}
	for _, re := range res {
		if re != nil {
			r.extra = append(r.extra, re)
		}
	}
	return r
}

// Default is the Redactor with the built-in rules only.
var Default = &Redactor{}

// SecretName reports whether a variable or field name says it holds a
// secret.
func SecretName(name string) bool {
	ws := words(name)
	for i, w := range ws {
		if secretWords[w] || i > 0 && secretWords[ws[i-1]+w] {
			return true
		}
	}
	return false
}

// String masks secret-looking text in s, the user's patterns, and the
// values known to be secret.
func (r *Redactor) String(s string) string {
	if s == "" {
		return s
	}
	// While the rules run, masks (those already in s and those the rules
	// write) stand as one character no rule reads as a word, so that a rule
	// (a user's `\w{8,}`, say) never rewrites a mask and redacting twice
	// changes nothing.
	masked := strings.Contains(s, Mask)
	if masked {
		s = strings.ReplaceAll(s, Mask, hold)
	}
	for _, re := range secretText {
		s = re.ReplaceAllStringFunc(s, keepLabel)
	}
	s = userinfo.ReplaceAllString(s, "${1}"+hold+"${3}")
	for _, re := range r.extra {
		s = re.ReplaceAllLiteralString(s, hold)
	}
	s = maskFields(s)
	if r.knownRE != nil {
		s = r.knownRE.ReplaceAllLiteralString(s, hold)
	}
	if masked || strings.Contains(s, hold) {
		s = strings.ReplaceAll(s, hold, Mask)
	}
	return s
}

// hold stands for Mask while String's rules run: a Unicode noncharacter,
// which no text is meant to hold and no rule matches as a word. One in
// the input becomes a mask: more masked, never less.
const hold = "\uFDD0"

// keepLabel masks a match but keeps a "password=" or "Bearer " label, so
// the reader still sees what was there.
func keepLabel(m string) string {
	if i := strings.IndexAny(m, "=:"); i > 0 && i < 20 && !strings.HasPrefix(m, "-----") {
		return m[:i+1] + hold
	}
	if i := strings.IndexByte(m, ' '); i > 0 && i < 8 {
		return m[:i+1] + hold
	}
	return hold
}

// renderedField matches "Name: value" inside a rendered struct, or
// `"name": value` inside a rendered map, for masking the values of
// fields and keys whose names say they hold secrets. Group 1 is the name
// (quotes included), group 2 the value.
var renderedField = regexp.MustCompile(`("[A-Za-z_][A-Za-z0-9_.-]*"|[A-Za-z_][A-Za-z0-9_]*): ("(?:[^"\\]|\\.)*"|[^,{}\[\]]+)`)

// maskFields masks the values of secret-named fields inside a rendered
// value ("Config {User: "a", Password: "hunter2"}").
func maskFields(s string) string {
	if !strings.Contains(s, ": ") {
		return s
	}
	return renderedField.ReplaceAllStringFunc(s, func(m string) string {
		sub := renderedField.FindStringSubmatch(m)
		if sub[2] != hold && SecretName(strings.Trim(sub[1], `"`)) {
			return sub[1] + ": " + hold
		}
		return m
	})
}

var (
	// stringLit matches a Go string literal.
	stringLit = regexp.MustCompile("\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`")
	// ident matches a Go identifier.
	ident = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)
	// maskedLit is what a masked literal becomes.
	maskedLit = `"` + Mask + `"`
)

// Code masks secrets in Go source: a line, a window of lines or a diff,
// line by line. Beyond the text rules of String, a line that names a
// secret (password := "...", Token: "...", apiKey = `...`) has every
// string literal masked: the key=value rule does not read Go's := or
// struct literals.
func (r *Redactor) Code(src string) string {
	if !strings.Contains(src, "\n") {
		return r.codeLine(src)
	}
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		lines[i] = r.codeLine(l)
	}
	return strings.Join(lines, "\n")
}

func (r *Redactor) codeLine(line string) string {
	line = r.String(line)
	code := stringLit.ReplaceAllString(line, `""`)
	for _, id := range ident.FindAllString(code, -1) {
		if SecretName(id) {
			return stringLit.ReplaceAllStringFunc(line, func(lit string) string {
				if lit == `""` || lit == "``" || lit == maskedLit {
					return lit
				}
				return maskedLit
			})
		}
	}
	return line
}
