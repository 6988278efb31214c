package a

import (
	"sync"
	"sync/atomic"
)

type Server struct {
	done chan struct{}
	quit chan struct{}
}

func (s *Server) Stop() {
	close(s.done) // want `s.done may be closed twice: fail also closes it at line 18 with no guard, and closing a closed channel panics`
}

func (s *Server) fail() {
	close(s.done) // want `s.done may be closed twice: Stop also closes it at line 14`
}

func worker(jobs []int) {
	results := make(chan int)
	go func() {
		defer close(results) // want `results may be closed twice: worker also closes it`
	}()
	close(results) // want `results may be closed twice: func literal in worker also closes it`
}

// Correct code: none of these is reported.

type Once struct {
	once sync.Once
	done chan struct{}
}

func (o *Once) Close() { o.once.Do(func() { close(o.done) }) }
func (o *Once) Fail()  { o.once.Do(func() { close(o.done) }) }

type Flag struct {
	mu     sync.Mutex
	closed bool
	done   chan struct{}
}

func (f *Flag) Close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return
	}
	f.closed = true
	close(f.done)
}

func (f *Flag) Fail() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.closed {
		f.closed = true
		close(f.done)
	}
}

type Atomic struct {
	closed atomic.Bool
	done   chan struct{}
}

func (a *Atomic) Close() {
	if a.closed.CompareAndSwap(false, true) {
		close(a.done)
	}
}

func (a *Atomic) Fail() {
	if a.closed.Swap(true) {
		return
	}
	close(a.done)
}

type Select struct{ done chan struct{} }

func (s *Select) Close() {
	select {
	case <-s.done:
	default:
		close(s.done)
	}
}

func (s *Select) Fail() {
	select {
	case <-s.done:
	default:
		close(s.done)
	}
}

type Reset struct{ tick chan struct{} }

func (r *Reset) Fire() {
	close(r.tick)
	r.tick = make(chan struct{})
}

func (r *Reset) Stop() { close(r.tick) }

type Recovering struct{ done chan struct{} }

func (r *Recovering) Close() {
	defer func() { recover() }()
	close(r.done)
}

func (r *Recovering) Fail() {
	defer func() { _ = recover() }()
	close(r.done)
}

func single() {
	ch := make(chan int)
	close(ch)
}

// drain closes done either at once or from the goroutine, never both.
func drain(fast bool) <-chan struct{} {
	done := make(chan struct{})
	if fast {
		close(done)
		return done
	}
	go func() {
		defer close(done)
	}()
	return done
}

// twice makes a new channel before the second goroutine.
func twice() {
	done := make(chan struct{})
	go func() { close(done) }()
	<-done
	done = make(chan struct{})
	go func() { close(done) }()
	<-done
}

// Broker guards its own Close with a flag, but Cancel does not test it.
type Sub struct {
	ch     chan int
	broker *Broker
}

type Broker struct {
	mu     sync.Mutex
	closed bool
	subs   []*Sub
}

func (b *Broker) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	b.closed = true
	for _, s := range b.subs {
		close(s.ch) // want `s.ch may be closed twice: Cancel also closes it`
	}
}

func (s *Sub) Cancel() {
	s.broker.mu.Lock()
	defer s.broker.mu.Unlock()
	close(s.ch) // want `s.ch may be closed twice: Close also closes it`
}

// deadline closes from a timer in a branch that returns, or at once.
type deadline struct{ cancel chan struct{} }

func (d *deadline) set(later bool) {
	if later {
		go func() {
			close(d.cancel)
		}()
		return
	}
	close(d.cancel)
}
