// Package redact removes secrets from reports before anything leaves the
// process (a model prompt) or is stored (the incident memory).
//
// Two rules apply: a variable or field whose name says it holds a secret
// (password, token, secret, key, credential, authorization, cookie, ...)
// has its whole value replaced, and any text that looks like a secret (API
// keys, JWTs, private keys, passwords in connection strings, bearer tokens,
// user patterns) is replaced wherever it appears: values, messages,
// output, evidence. Redaction is deliberately eager: a false positive
// costs a value in a report; a false negative leaks a credential.
package redact

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// Mask replaces what was removed.
const Mask = "[redacted]"

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

// Redactor applies the built-in rules and the user's patterns.
type Redactor struct {
	extra []*regexp.Regexp
}

// New returns a Redactor with the user's extra patterns (regular
// expressions whose matches are masked). A bad pattern is an error naming
// it; the built-in rules always apply.
func New(patterns []string) (*Redactor, error) {
	r := &Redactor{}
	for _, p := range patterns {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("redact: pattern %q: %w", p, err)
		}
		r.extra = append(r.extra, re)
	}
	return r, nil
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

// String masks secret-looking text in s.
func (r *Redactor) String(s string) string {
	if s == "" {
		return s
	}
	for _, re := range secretText {
		s = re.ReplaceAllStringFunc(s, keepLabel)
	}
	s = userinfo.ReplaceAllString(s, "${1}"+Mask+"${3}")
	for _, re := range r.extra {
		s = re.ReplaceAllString(s, Mask)
	}
	return maskFields(s)
}

// keepLabel masks a match but keeps a "password=" or "Bearer " label, so
// the reader still sees what was there.
func keepLabel(m string) string {
	if i := strings.IndexAny(m, "=:"); i > 0 && i < 20 && !strings.HasPrefix(m, "-----") {
		return m[:i+1] + Mask
	}
	if i := strings.IndexByte(m, ' '); i > 0 && i < 8 {
		return m[:i+1] + Mask
	}
	return Mask
}

// renderedField matches "Name: value" inside a rendered struct, for
// masking fields whose names say they hold secrets.
var renderedField = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_]*): ("(?:[^"\\]|\\.)*"|[^,{}\[\]]+)`)

// maskFields masks the values of secret-named fields inside a rendered
// value ("Config {User: "a", Password: "hunter2"}").
func maskFields(s string) string {
	if !strings.Contains(s, ": ") {
		return s
	}
	return renderedField.ReplaceAllStringFunc(s, func(m string) string {
		sub := renderedField.FindStringSubmatch(m)
		if SecretName(sub[1]) {
			return sub[1] + ": " + Mask
		}
		return m
	})
}

// Var redacts one variable: its whole value when its name says secret.
func (r *Redactor) Var(v report.Var) report.Var {
	if SecretName(v.Name) {
		v.Value = Mask
		return v
	}
	v.Value = r.String(v.Value)
	return v
}

func (r *Redactor) vars(vs []report.Var) []report.Var {
	if vs == nil {
		return nil
	}
	out := make([]report.Var, len(vs))
	for i, v := range vs {
		out[i] = r.Var(v)
	}
	return out
}

func (r *Redactor) frames(fs []report.Frame) []report.Frame {
	if fs == nil {
		return nil
	}
	out := make([]report.Frame, len(fs))
	for i, f := range fs {
		f.Args, f.Locals = r.vars(f.Args), r.vars(f.Locals)
		out[i] = f
	}
	return out
}

func (r *Redactor) strings(ss []string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = r.String(s)
	}
	return out
}

// Report returns a redacted deep copy of rep; rep is not changed.
func (r *Redactor) Report(rep *report.Report) *report.Report {
	if rep == nil {
		return nil
	}
	out := *rep
	if rep.Failure != nil {
		f := *rep.Failure
		f.Message = r.String(f.Message)
		f.Case = r.vars(f.Case)
		out.Failure = &f
	}
	out.Frames = r.frames(rep.Frames)
	if rep.Goroutines != nil {
		out.Goroutines = make([]report.Goroutine, len(rep.Goroutines))
		for i, g := range rep.Goroutines {
			g.Frames = r.frames(g.Frames)
			out.Goroutines[i] = g
		}
	}
	if rep.Race != nil {
		race := report.Race{}
		for _, a := range rep.Race.Accesses {
			a.Frames, a.CreatedBy = r.frames(a.Frames), r.frames(a.CreatedBy)
			race.Accesses = append(race.Accesses, a)
		}
		out.Race = &race
	}
	if rep.Snapshots != nil {
		out.Snapshots = make([]report.Snapshot, len(rep.Snapshots))
		for i, s := range rep.Snapshots {
			s.Args, s.Locals = r.vars(s.Args), r.vars(s.Locals)
			out.Snapshots[i] = s
		}
	}
	if rep.Suspects != nil {
		out.Suspects = make([]report.Suspect, len(rep.Suspects))
		for i, s := range rep.Suspects {
			s.Reason, s.Evidence = r.String(s.Reason), r.strings(s.Evidence)
			out.Suspects[i] = s
		}
	}
	out.Explanation.Summary = r.String(rep.Explanation.Summary)
	out.Explanation.Details = r.String(rep.Explanation.Details)
	out.Target.Output = r.String(rep.Target.Output)
	out.Target.Args = r.strings(rep.Target.Args)
	out.Notes = r.strings(rep.Notes)
	return &out
}
