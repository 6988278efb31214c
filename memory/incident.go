package memory

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/redact"
	"github.com/sleuth-dev/sleuth/analysis/report"
)

// Incident is one failure as remembered: where it happened, what the
// evidence said, what was tried and, once the test passes again, what
// changed. Everything in it has been redacted before it is stored.
type Incident struct {
	// ID is the store's number for the incident; UID is global, so that an
	// export imported twice, or into a team store, is not duplicated.
	ID  int64  `json:"id"`
	UID string `json:"uid"`

	Signature Signature `json:"signature"`
	// Key is Signature.Key().
	Key string `json:"key"`

	Module  string `json:"module"`
	Package string `json:"package"`
	Test    string `json:"test,omitempty"`
	// Dir is the module's root directory, where git runs at resolution.
	Dir  string    `json:"dir"`
	Time time.Time `json:"time"`
	// Commit is the HEAD commit of the module's repository when it failed,
	// and Dirty whether the tree had changes; empty outside git.
	Commit string `json:"commit,omitempty"`
	Dirty  bool   `json:"dirty,omitempty"`

	// Message is the failure's own (redacted) message; Location its
	// "file.go:line" relative to Dir.
	Message  string `json:"message"`
	Location string `json:"location,omitempty"`
	// Evidence is the redacted evidence summary: the headline and the
	// user frames, one per line.
	Evidence    string             `json:"evidence"`
	Explanation report.Explanation `json:"explanation"`
	Suspects    []report.Suspect   `json:"suspects"`
	Fixes       []FixRecord        `json:"fixes"`
	// Resolved is nil while the failure has not been seen passing.
	Resolved *Resolution `json:"resolved,omitempty"`
}

// Fix outcomes.
const (
	OutcomeProposed = "proposed" // offered, fate unknown
	OutcomeWorked   = "worked"   // the test passed with it
	OutcomeFailed   = "failed"   // it was applied or verified and the failure stayed
)

// FixRecord is one fix tried for an incident.
type FixRecord struct {
	ID    int64     `json:"id"`
	Time  time.Time `json:"time"`
	Title string    `json:"title"`
	Diff  string    `json:"diff"`
	// Shape names the kind of fix, as the fix engine does
	// ("init-nil-map"); Change is NormalizeDiff(Diff): what it changes,
	// without positions, so that the same fix proposed for another
	// occurrence compares equal.
	Shape  string `json:"shape,omitempty"`
	Change string `json:"change"`
	// Verified says the fix engine re-ran the test with the fix applied;
	// Applied that the user's tree took it.
	Verified bool   `json:"verified"`
	Applied  bool   `json:"applied"`
	Outcome  string `json:"outcome"`
	// Source is "fix" for fixes sleuth proposed and "resolution" for the
	// change the user made that made the test pass.
	Source string `json:"source"`
}

// Resolution is what was true when the test passed again.
type Resolution struct {
	Time   time.Time `json:"time"`
	Commit string    `json:"commit,omitempty"`
	Dirty  bool      `json:"dirty,omitempty"`
	// Files are the suspect files the diff covers, relative to the module.
	Files []string `json:"files,omitempty"`
	// Diff is what changed in them since the failing run's commit, bounded
	// and redacted; empty outside git or when nothing changed there.
	Diff string `json:"diff,omitempty"`
}

// Match is a remembered incident that resembles a new failure.
type Match struct {
	Incident Incident `json:"incident"`
	// Exact is true when the signatures are equal.
	Exact bool `json:"exact"`
	// Score is 1 for exact matches, less for similar ones.
	Score float64 `json:"score"`
	// Why lists the reasons it matches, most telling first.
	Why []string `json:"why"`
}

// Recall is what the store remembers about one signature.
type Recall struct {
	// Seen counts earlier incidents with the same signature.
	Seen int `json:"seen"`
	// LastFixed is the latest resolved incident of the same signature.
	LastFixed *Incident `json:"last_fixed,omitempty"`
	// Matches are exact matches (newest first), then similar ones (best
	// first), at most the k asked for.
	Matches []Match `json:"matches"`
	// EmbedErr says why the store's embedder was not used for this recall
	// (it failed); the matches are then those of the indexes alone.
	EmbedErr error `json:"-"`
}

// maxDiff bounds a stored diff, in bytes.
const maxDiff = 16 << 10

// NewIncident builds the incident for a failed report. The report is
// redacted with r (redact.Default when nil) before anything is copied; dir
// is the module root that paths are made relative to.
func NewIncident(rep *report.Report, r *redact.Redactor, module, dir string, now time.Time) (Incident, bool) {
	sig, ok := SignatureOf(rep)
	if !ok {
		return Incident{}, false
	}
	if r == nil {
		r = redact.Default
	}
	// Bound to rep, so that the values rep shows to be secret are masked
	// in the signature's message as in the report.
	r = r.For(rep)
	red := r.Report(rep)
	in := Incident{
		UID: NewUID(), Signature: sig, Key: sig.Key(),
		Module: module, Package: rep.Target.Package, Test: red.Failure.Test, Dir: dir,
		Time: now.UTC(), Message: red.Failure.Message, Explanation: red.Explanation,
		Suspects: []report.Suspect{}, Fixes: []FixRecord{},
	}
	// Signatures keep their normalised message; a secret in it must not
	// survive either.
	in.Signature.Message = r.String(in.Signature.Message)
	in.Key = in.Signature.Key()
	if loc := red.Failure.Location; loc.File != "" {
		in.Location = fmt.Sprintf("%s:%d", relPath(dir, loc.File), loc.Line)
	}
	for _, s := range red.Suspects[:min(len(red.Suspects), 5)] {
		s.File = relPath(dir, s.File)
		in.Suspects = append(in.Suspects, s)
	}
	for _, f := range red.Fixes { // titles and diffs redacted with the report
		in.Fixes = append(in.Fixes, FixRecord{Time: in.Time, Title: f.Title, Diff: bound(f.Diff),
			Shape: f.Shape, Change: NormalizeDiff(f.Diff), Verified: f.Verified, Outcome: OutcomeProposed, Source: "fix"})
	}
	var ev strings.Builder
	ev.WriteString(red.Headline(report.Style{Base: dir}))
	for _, f := range red.Frames {
		if f.User {
			fmt.Fprintf(&ev, "\n  %s (%s:%d)", f.Function, relPath(dir, f.File), f.Line)
		}
	}
	in.Evidence = bound(ev.String())
	return in, true
}

func relPath(dir, file string) string {
	if dir != "" {
		if rel, err := filepath.Rel(dir, file); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return file
}

// bound cuts s to maxDiff bytes, saying so.
func bound(s string) string {
	if len(s) <= maxDiff {
		return s
	}
	return strings.ToValidUTF8(s[:maxDiff], "") + "\n… (cut)"
}

// NewUID returns a random global incident id.
func NewUID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

var spaces = regexp.MustCompile(`\s+`)

// NormalizeDiff reduces a unified diff to what it changes: its removed and added
// lines, trimmed and with white space collapsed, positions and context
// dropped. Two fixes with the same normalised diff make the same change.
// Each line is redacted as code (redact.Default.Code), as stored diffs are,
// so that a fresh diff and a stored one compare alike.
func NormalizeDiff(diff string) string {
	var out []string
	for _, l := range strings.Split(diff, "\n") {
		if strings.HasPrefix(l, "+++") || strings.HasPrefix(l, "---") || len(l) == 0 {
			continue
		}
		if l[0] != '+' && l[0] != '-' {
			continue
		}
		body := strings.TrimSpace(spaces.ReplaceAllString(redact.Default.Code(l[1:]), " "))
		if body == "" {
			continue
		}
		out = append(out, l[:1]+body)
	}
	return strings.Join(out, "\n")
}

// Applied reports whether change (a diff the user made) contains every
// added line of fix: the user's tree took the fix, whatever else changed.
func Applied(fix, change string) bool {
	have := map[string]bool{}
	for _, l := range strings.Split(NormalizeDiff(change), "\n") {
		have[l] = true
	}
	added := 0
	for _, l := range strings.Split(NormalizeDiff(fix), "\n") {
		if strings.HasPrefix(l, "+") {
			added++
			if !have[l] {
				return false
			}
		}
	}
	return added > 0
}

// Hover is the one-line memory of a recall, for hovers and headlines:
// "seen 3 times in this module; last fixed on 2026-11-20 by commit abc1234
// (cart.go)". Empty when nothing is remembered.
func (rc Recall) Hover() string {
	if rc.Seen == 0 && len(rc.Matches) == 0 {
		return ""
	}
	var b strings.Builder
	switch rc.Seen {
	case 0:
		fmt.Fprintf(&b, "not seen before; %d similar", len(rc.Matches))
	case 1:
		b.WriteString("seen once before in this module")
	default:
		fmt.Fprintf(&b, "seen %d times before in this module", rc.Seen)
	}
	if in := rc.LastFixed; in != nil {
		fmt.Fprintf(&b, "; last fixed on %s by %s", in.Resolved.Time.Format("2006-01-02"), in.FixedBy())
	}
	return b.String()
}

// FixedBy says what resolved in: the fix the user applied, else the commit
// and the files that changed.
func (in Incident) FixedBy() string {
	for _, f := range in.Fixes {
		if f.Applied && f.Outcome == OutcomeWorked && f.Source == "fix" {
			return "fix “" + f.Title + "”"
		}
	}
	r := in.Resolved
	if r == nil {
		return ""
	}
	what := "a change"
	if r.Commit != "" {
		what = "commit " + r.Commit[:min(len(r.Commit), 7)]
		if r.Dirty {
			what += " plus uncommitted changes"
		}
	} else if r.Dirty {
		what = "uncommitted changes"
	}
	if r.Diff != "" && len(r.Files) > 0 {
		what += " to " + strings.Join(r.Files, ", ")
	} else if r.Diff == "" && r.Commit == "" {
		what = "a change outside version control"
	}
	return what
}

// Line is in in one line: id, date, state, test and headline.
func (in Incident) Line() string {
	state := "open"
	if in.Resolved != nil {
		state = "fixed " + in.Resolved.Time.Format("2006-01-02")
	}
	test := in.Test
	if test == "" {
		test = in.Package
	}
	return fmt.Sprintf("#%d %s %s %s %s: %s", in.ID, in.Time.Format("2006-01-02"), state, test, in.Signature.Kind, oneLine(in.Message, 100))
}

func oneLine(s string, n int) string {
	s = strings.TrimSpace(spaces.ReplaceAllString(s, " "))
	if len(s) > n {
		s = strings.ToValidUTF8(s[:n], "") + "…"
	}
	return s
}
