package memory

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// Store is an incident memory. The SQLite store (Open) is the one built;
// a shared team backend would implement the same methods. Every method is
// safe for concurrent use, also by several processes on one store.
type Store interface {
	// Record stores in (assigning ID and, when empty, UID) and returns it.
	Record(ctx context.Context, in Incident) (Incident, error)
	// Recall returns what is remembered about sig: the count of exact
	// matches and up to k matches, exact first.
	Recall(ctx context.Context, sig Signature, k int) (Recall, error)
	// Search finds up to k incidents by free text over normalised messages,
	// frames, tests and packages.
	Search(ctx context.Context, text string, k int) ([]Match, error)
	Get(ctx context.Context, id int64) (Incident, error)
	List(ctx context.Context, f Filter) ([]Incident, error)
	// Forget deletes the incidents f selects and returns how many.
	Forget(ctx context.Context, f Filter) (int, error)
	// Resolve marks resolved every open incident that q selects, with
	// the Resolution res returns for it, and returns them.
	Resolve(ctx context.Context, q ResolveQuery, res func(Incident) Resolution) ([]Incident, error)
	// AddFix records a fix tried for incident id.
	AddFix(ctx context.Context, id int64, f FixRecord) (FixRecord, error)
	// SetFixOutcome records what became of a fix.
	SetFixOutcome(ctx context.Context, fixID int64, outcome string, applied bool) error
	// FixesFor returns the fixes tried for failures with signature sig
	// that worked and that failed, newest first, one per change (NormalizeDiff).
	FixesFor(ctx context.Context, sig Signature) (worked, failed []FixRecord, err error)
	// Import stores incidents from another store, skipping UIDs already
	// present; it returns how many were added.
	Import(ctx context.Context, ins []Incident) (int, error)
	// Prune applies a retention policy and returns how many were deleted.
	Prune(ctx context.Context, r Retention) (int, error)
	Close() error
}

// Filter selects incidents. Zero fields select everything; IDs, when set,
// select exactly those.
type Filter struct {
	IDs     []int64
	Module  string
	Package string
	Test    string
	// Open selects only unresolved incidents.
	Open bool
	// Before selects incidents older than this time.
	Before time.Time
	// Limit bounds List (default 50; negative for no limit).
	Limit int
}

// ResolveQuery selects the open incidents a passing run resolves: those of
// one package whose test ran. Ran is told each open incident's test name
// and says whether the passing run ran it.
type ResolveQuery struct {
	Package string
	Ran     func(test string) bool
	// SkipKinds are failure kinds the run could not have shown (a data race
	// in a run without the race detector).
	SkipKinds []string
}

// Retention bounds the store: incidents older than MaxAge and all but the
// newest MaxCount are deleted. Zero means no bound.
type Retention struct {
	MaxAge   time.Duration
	MaxCount int
}

// DefaultRetention keeps a year and 50,000 incidents (about 100 MB).
var DefaultRetention = Retention{MaxAge: 365 * 24 * time.Hour, MaxCount: 50_000}

// ErrNotFound is returned for an incident id the store does not hold.
var ErrNotFound = errors.New("memory: no such incident")

// DefaultPath is the store's default file: $XDG_DATA_HOME/sleuth/memory.db,
// else ~/.local/share/sleuth/memory.db on Unix, %LocalAppData%\sleuth on
// Windows, ~/Library/Application Support/sleuth on macOS.
func DefaultPath() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "sleuth", "memory.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", errors.New("memory: no home directory: set XDG_DATA_HOME or SLEUTH_MEMORY")
	}
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "sleuth", "memory.db"), nil
		}
	case "darwin", "ios":
		return filepath.Join(home, "Library", "Application Support", "sleuth", "memory.db"), nil
	}
	return filepath.Join(home, ".local", "share", "sleuth", "memory.db"), nil
}
