package auditlog

import (
	"sync"
	"time"
)

type Entry struct {
	Actor  string
	Action string
	At     time.Time
}

// Sink persists audit entries, e.g. to an append-only table.
type Sink interface {
	Write(e Entry) error
}

// Logger writes audit entries asynchronously. While paused (for example
// during a sink failover) entries are held in memory and replayed later.
type Logger struct {
	entries chan Entry
	done    chan struct{}
	sink    Sink

	mu     sync.Mutex
	paused bool
	held   []Entry
	err    error
}

func New(sink Sink, buffer int) *Logger {
	l := &Logger{entries: make(chan Entry, buffer), done: make(chan struct{}), sink: sink}
	go l.run()
	return l
}

func (l *Logger) run() {
	defer close(l.done)
	for e := range l.entries {
		if err := l.sink.Write(e); err != nil {
			l.mu.Lock()
			l.err = err
			l.mu.Unlock()
		}
	}
}

func (l *Logger) Log(e Entry) {
	l.mu.Lock()
	if l.paused {
		l.held = append(l.held, e)
		l.mu.Unlock()
		return
	}
	l.mu.Unlock()
	l.enqueue(e)
}

func (l *Logger) Pause() {
	l.mu.Lock()
	l.paused = true
	l.mu.Unlock()
}

// Resume replays held entries in order and stops holding new ones.
func (l *Logger) Resume() {
	l.mu.Lock()
	held := l.held
	l.held, l.paused = nil, false
	l.mu.Unlock()
	for _, e := range held {
		l.enqueue(e)
	}
}

func (l *Logger) enqueue(e Entry) {
	l.entries <- e // CRASH
}
