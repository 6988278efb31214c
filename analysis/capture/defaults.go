package capture

import "time"

// The defaults, in one place: the CLI's flags and the language server's
// settings show these, and Options.defaults fills them in.
const (
	DefaultMaxStringLen   = 120
	DefaultMaxArrayValues = 10
	DefaultMaxUserFrames  = 8
	// DefaultAtHits is how many hits of an --at location are recorded.
	DefaultAtHits = 5
	// DefaultHangAfter is how long every goroutine must stay blocked before
	// a deadlock is reported.
	DefaultHangAfter = 2 * time.Second
	// DefaultTestTimeout bounds a test run, like go test's -timeout.
	DefaultTestTimeout = 10 * time.Minute
)
