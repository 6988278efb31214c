// Package report defines the failure report that every part of sleuth reads
// and writes: the capture engine fills it, later analysis adds suspects and
// explanations, and the CLI and the language server render it. It is the
// stable JSON contract documented in docs/report-schema.md, so fields are only
// ever added, never renamed.
package report

// Kind classifies a failure. The values are part of the JSON contract.
type Kind string

// The failure kinds sleuth distinguishes.
const (
	KindNilDeref           Kind = "nil-deref"
	KindNilMapWrite        Kind = "nil-map-write"
	KindIndexOutOfRange    Kind = "index-out-of-range"
	KindSliceBounds        Kind = "slice-bounds"
	KindTypeAssertion      Kind = "type-assertion"
	KindClosedChannel      Kind = "closed-channel"
	KindDivideByZero       Kind = "divide-by-zero"
	KindCustomPanic        Kind = "custom-panic"
	KindConcurrentMapWrite Kind = "concurrent-map-write"
	KindDeadlock           Kind = "deadlock"
	KindDataRace           Kind = "data-race"
	KindTestFailure        Kind = "test-failure"
	KindTimeout            Kind = "timeout"
	KindExit               Kind = "exit"
	KindBuildError         Kind = "build-error"
	// KindFatal is a runtime fatal error that fits no other kind
	// (out of memory, stack overflow, ...).
	KindFatal Kind = "fatal-error"
)

// Report is the result of one investigation.
type Report struct {
	// Failure is nil when everything passed.
	Failure *Failure `json:"failure"`
	// Passed is true when the target ran to completion without failing.
	Passed bool `json:"passed"`
	// Frames are the failing goroutine's frames, innermost first.
	Frames     []Frame     `json:"frames"`
	Goroutines []Goroutine `json:"goroutines"`
	// WaitFor describes who waits on what, for deadlocks and hangs.
	WaitFor     []Wait      `json:"wait_for,omitempty"`
	Race        *Race       `json:"race,omitempty"`
	Snapshots   []Snapshot  `json:"snapshots,omitempty"`
	Suspects    []Suspect   `json:"suspects"`
	Explanation Explanation `json:"explanation"`
	Fixes       []Fix       `json:"fixes"`
	// Experiments says what was changed and re-run to rank the suspects.
	Experiments *Experiments `json:"experiments,omitempty"`
	Memory      Memory       `json:"memory"`
	Target      Target       `json:"target"`
	// Notes are facts about the run itself the user should know
	// (for example that the output was truncated or a watcher fired).
	Notes []string `json:"notes,omitempty"`
}

// Failure is what went wrong, in one place.
type Failure struct {
	Kind    Kind   `json:"kind"`
	Message string `json:"message"`
	// Test is the full name of the failing test, sub-test included
	// ("TestParse/empty_input"); empty for programs.
	Test string `json:"test,omitempty"`
	// Case holds the values of the failing table entry, when the failure
	// happened inside a table-driven test's loop.
	Case      []Var    `json:"case,omitempty"`
	Goroutine int64    `json:"goroutine"`
	Location  Location `json:"location"`
	// Errors holds every compiler message of a build error.
	Errors []Location `json:"errors,omitempty"`
}

// Location is a place in a source file. File is absolute, Line 1-based.
type Location struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column,omitempty"`
	Function string `json:"function,omitempty"`
	// Message is set on compiler errors.
	Message string `json:"message,omitempty"`
}

// Frame is one stack frame of the failing goroutine.
type Frame struct {
	Function string `json:"function"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	// User is true for code of the module under test (not the standard
	// library, not dependencies, not generated test mains).
	User   bool  `json:"user"`
	Args   []Var `json:"args"`
	Locals []Var `json:"locals"`
}

// Var is a variable's value as the debugger read it, bounded.
type Var struct {
	Name  string `json:"name"`
	Type  string `json:"type"`
	Value string `json:"value"`
}

// Goroutine summarises one goroutine, or Count goroutines with identical
// stacks.
type Goroutine struct {
	ID         int64   `json:"id"`
	Count      int     `json:"count"`
	State      string  `json:"state"`
	WaitReason string  `json:"wait_reason,omitempty"`
	User       bool    `json:"user"`
	Frames     []Frame `json:"frames"`
	// CreatedBy is where the go statement that started it stands.
	CreatedBy *Location `json:"created_by,omitempty"`
	// IDs lists every goroutine of the group when Count > 1.
	IDs []int64 `json:"ids,omitempty"`
}

// Wait is one edge of the wait-for picture: goroutine Goroutine waits (Op) on
// Object, which Holders hold or can release.
type Wait struct {
	Goroutine int64    `json:"goroutine"`
	Op        string   `json:"op"`
	Object    string   `json:"object"`
	Location  Location `json:"location"`
	// Holders are goroutines that can release Object (hold the mutex, or
	// reference the channel); empty when no live goroutine can.
	Holders []int64 `json:"holders"`
	Detail  string  `json:"detail,omitempty"`
}

// Race is a data race report: two conflicting accesses.
type Race struct {
	Accesses []Access `json:"accesses"`
}

// Access is one side of a data race.
type Access struct {
	Op        string   `json:"op"` // "read" or "write", maybe "previous write"
	Address   string   `json:"address,omitempty"`
	Goroutine int64    `json:"goroutine"`
	Frames    []Frame  `json:"frames"`
	CreatedBy []Frame  `json:"created_by,omitempty"`
	Location  Location `json:"location"`
}

// Snapshot is the state at a requested line (sleuth test --at), one per hit.
type Snapshot struct {
	Location  Location `json:"location"`
	Hit       int      `json:"hit"`
	Goroutine int64    `json:"goroutine"`
	Args      []Var    `json:"args"`
	Locals    []Var    `json:"locals"`
}

// Suspect is a line that may hold the root cause (filled by analysis).
type Suspect struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Function string   `json:"function"`
	Reason   string   `json:"reason"`
	Score    float64  `json:"score"`
	Evidence []string `json:"evidence,omitempty"`
}

// Explanation says why, in words. Source is "evidence" or "model".
type Explanation struct {
	Summary string `json:"summary"`
	Details string `json:"details"`
	Source  string `json:"source"`
	// Model names the model that wrote the explanation (Source "model").
	Model string `json:"model,omitempty"`
	// Truncated is true when evidence was left out of the model's prompt
	// to fit its context window; a note says what.
	Truncated bool `json:"truncated,omitempty"`
	// RootCause is where the model places the root cause, when it named a
	// line of the workspace.
	RootCause *Location `json:"root_cause,omitempty"`
}

// Experiments summarises the experiments: changes made at the statements
// the failing test executed, each tested by re-running it.
type Experiments struct {
	// Tried counts the changes run; Fixing those that made the failing
	// test pass with the package's other tests still passing; Skipped
	// those the time budget left out.
	Tried   int `json:"tried"`
	Fixing  int `json:"fixing"`
	Skipped int `json:"skipped,omitempty"`
	// Reached are the lines ("file:line") of the statements the failing
	// test executed in the module's non-test files: the candidates.
	Reached []string `json:"reached,omitempty"`
	// BuildMS and RunsMS are the time spent building and running.
	BuildMS int64 `json:"build_ms"`
	RunsMS  int64 `json:"runs_ms"`
}

// Fix is a proposed change.
type Fix struct {
	Title    string `json:"title"`
	Diff     string `json:"diff"`
	Verified bool   `json:"verified"`
	// Source is "rule" (sleuth's own rules), "experiment" (an edit that
	// made the failing test pass in an experiment) or "model".
	Source string `json:"source,omitempty"`
	// Shape names the kind of fix ("init-nil-map", "check-error", ...).
	Shape string `json:"shape,omitempty"`
	// Edits are the changes Diff shows, as line ranges an editor applies.
	Edits []Edit `json:"edits,omitempty"`
	// Detail says what verification ran, or why the fix is not verified.
	Detail string `json:"detail,omitempty"`
}

// Edit replaces lines StartLine..EndLine (1-based, inclusive) of File with
// NewText (ending in a newline; empty deletes). StartLine == EndLine+1 inserts
// before StartLine.
type Edit struct {
	File      string `json:"file"`
	StartLine int    `json:"start_line"`
	EndLine   int    `json:"end_line"`
	NewText   string `json:"new_text"`
}

// Memory is what sleuth remembered about this failure.
type Memory struct {
	// Seen counts earlier failures with the same signature.
	Seen int `json:"seen"`
	// Similar is each remembered match in one line, for humans.
	Similar []string `json:"similar"`
	// Summary is the memory in one line, for hovers: "seen 3 times before
	// in this module; last fixed on 2026-11-20 by commit abc1234 (cart.go)".
	Summary string `json:"summary,omitempty"`
	// Incident is the store's id for this failure, once recorded.
	Incident int64 `json:"incident,omitempty"`
	// Matches are the remembered incidents behind Similar, exact ones first.
	Matches []MemoryMatch `json:"matches,omitempty"`
	// Recalled is true once the incident store was asked (memory may be
	// off, or have nothing).
	Recalled bool `json:"recalled,omitempty"`
}

// MemoryMatch is one remembered incident that resembles this failure.
type MemoryMatch struct {
	Incident int64 `json:"incident"`
	// Exact is true for the same signature (kind, user frames, message);
	// Score is 1 for those and lower for similar ones.
	Exact bool    `json:"exact"`
	Score float64 `json:"score"`
	// Why lists the reasons it matches.
	Why     []string `json:"why"`
	When    string   `json:"when"` // RFC 3339
	Kind    Kind     `json:"kind"`
	Test    string   `json:"test,omitempty"`
	Message string   `json:"message"`
	// Location is "file.go:line" relative to the module, at the time.
	Location string `json:"location,omitempty"`
	Resolved bool   `json:"resolved"`
	FixedOn  string `json:"fixed_on,omitempty"` // RFC 3339
	FixedBy  string `json:"fixed_by,omitempty"`
	// Fix is the change that made the test pass then, when one is known.
	Fix *Fix `json:"fix,omitempty"`
}

// Target describes what ran.
type Target struct {
	Mode       string   `json:"mode"` // "test", "run", "explain", "core"
	Package    string   `json:"package,omitempty"`
	Dir        string   `json:"dir,omitempty"`
	Binary     string   `json:"binary,omitempty"`
	Args       []string `json:"args,omitempty"`
	ExitStatus *int     `json:"exit_status,omitempty"`
	// Output is the target's combined stdout and stderr, bounded: the head
	// and the tail are kept, the middle is elided.
	Output          string `json:"output"`
	OutputTruncated bool   `json:"output_truncated,omitempty"`
	// OutputFile, when set, holds the target's full output.
	OutputFile string `json:"output_file,omitempty"`
	DurationMS int64  `json:"duration_ms"`
}

// Empty returns a report with all slices non-nil so the JSON shape is stable.
func Empty(mode string) *Report {
	return &Report{
		Frames:      []Frame{},
		Goroutines:  []Goroutine{},
		Suspects:    []Suspect{},
		Fixes:       []Fix{},
		Memory:      Memory{Similar: []string{}},
		Explanation: Explanation{Source: "evidence"},
		Target:      Target{Mode: mode},
	}
}

// UserFrame returns the innermost user frame, or nil.
func (r *Report) UserFrame() *Frame {
	for i := range r.Frames {
		if r.Frames[i].User {
			return &r.Frames[i]
		}
	}
	return nil
}
