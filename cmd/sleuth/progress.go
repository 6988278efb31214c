package main

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// progress prints the engine's phases on stderr while it works.
type progress struct {
	w     io.Writer
	start time.Time
	mu    sync.Mutex // guards last
	last  string
}

func newProgress(w io.Writer) *progress { return &progress{w: w, start: time.Now()} }

func (p *progress) phase(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if name == p.last {
		return
	}
	p.last = name
	fmt.Fprintf(p.w, "sleuth: %s… (%.1fs)\n", name, time.Since(p.start).Seconds())
}

func (p *progress) done() {}
