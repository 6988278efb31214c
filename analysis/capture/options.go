package capture

import (
	"os"
	"path/filepath"
	"time"
)

// Options says what to run and how much to capture. The zero value of every
// field means its default.
type Options struct {
	// Mode is "test" (go test) or "run" (go run).
	Mode string
	// Packages are the package arguments, as for the go command; "." when
	// empty. Run mode takes exactly one.
	Packages []string
	// Dir is the directory the go command runs in; the current one if empty.
	Dir string
	// Args are extra arguments for the program (run mode) or the test binary.
	Args []string

	// Go command flags, mirrored.
	Run     string        // -run
	Race    bool          // -race
	Timeout time.Duration // -timeout; tests default to 10m like go test, programs to none
	Tags    string        // -tags
	Count   int           // -count
	Verbose bool          // -v

	// At lists "file.go:line" locations where locals are recorded each time
	// they are reached (the first AtHits hits, default 5).
	At     []string
	AtHits int
	// AtOptional skips At locations that hold no code instead of failing
	// (analysis asks for lines it only suspects).
	AtOptional bool

	// HangAfter is how long every goroutine of the target must stay blocked
	// before sleuth calls it a deadlock (default 2s; negative disables).
	HangAfter time.Duration

	Limits Limits

	// CacheDir holds built targets and outputs (default: the user cache
	// dir + /sleuth). Never the user's source tree.
	CacheDir string
	// WorkerExe is the binary re-executed as a worker (default: this
	// process's own executable, which must call MaybeWorker).
	WorkerExe string
	// Progress, when set, is told of each phase ("building", "running",
	// "capturing").
	Progress func(phase string)
}

// Limits bound how much state is read from the target.
type Limits struct {
	MaxStringLen    int // default 120
	MaxArrayValues  int // default 10
	MaxStructFields int // default 32
	MaxRecurse      int // default 1
	MaxFrames       int // frames per stack, default 50
	MaxUserFrames   int // user frames whose variables are loaded, default 8
	MaxGoroutines   int // goroutines listed, default 10000
	MaxValueLen     int // characters of one rendered value, default 240
	OutputHead      int // bytes of output kept from the start, default 32 KiB
	OutputTail      int // bytes kept from the end, default 32 KiB
	OutputFile      int64
}

func (o *Options) defaults() {
	if o.Mode == "" {
		o.Mode = "test"
	}
	if len(o.Packages) == 0 {
		o.Packages = []string{"."}
	}
	if o.Dir == "" {
		o.Dir, _ = os.Getwd()
	}
	o.Dir, _ = filepath.Abs(o.Dir)
	if o.Timeout == 0 && o.Mode == "test" {
		o.Timeout = DefaultTestTimeout
	}
	if o.Count == 0 {
		o.Count = 1
	}
	if o.AtHits <= 0 {
		o.AtHits = DefaultAtHits
	}
	if o.HangAfter == 0 {
		o.HangAfter = DefaultHangAfter
	}
	if o.CacheDir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			base = os.TempDir()
		}
		o.CacheDir = filepath.Join(base, "sleuth")
	}
	if o.WorkerExe == "" {
		o.WorkerExe, _ = os.Executable()
	}
	o.Limits.defaults()
}

func (l *Limits) defaults() {
	def := func(p *int, v int) {
		if *p <= 0 {
			*p = v
		}
	}
	def(&l.MaxStringLen, DefaultMaxStringLen)
	def(&l.MaxArrayValues, DefaultMaxArrayValues)
	def(&l.MaxStructFields, 32)
	def(&l.MaxRecurse, 1)
	def(&l.MaxFrames, 50)
	def(&l.MaxUserFrames, DefaultMaxUserFrames)
	def(&l.MaxGoroutines, 10000)
	def(&l.MaxValueLen, 240)
	def(&l.OutputHead, 32<<10)
	def(&l.OutputTail, 32<<10)
	if l.OutputFile <= 0 {
		l.OutputFile = 64 << 20
	}
}
