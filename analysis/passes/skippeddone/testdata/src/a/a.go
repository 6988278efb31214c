package a

import (
	"errors"
	"sync"
)

func step(i int) error {
	if i < 0 {
		return errors.New("negative")
	}
	return nil
}

func fanOut(n int) {
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			if err := step(i); err != nil {
				return // want `return at line 21 skips wg.Done\(\) at line 23; Wait will block forever`
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

type Pool struct{ wg sync.WaitGroup }

func (p *Pool) worker(jobs []int) {
	for _, j := range jobs {
		if j == 0 {
			return // want `return at line 34 skips p.wg.Done\(\) at line 37; Wait will block forever`
		}
	}
	p.wg.Done()
}

func produce(out chan int, n int) {
	for i := range n {
		if step(i) != nil {
			return // want `return at line 43 skips close\(out\) at line 47; the receive from ch at line 54 blocks forever`
		}
		out <- i
	}
	close(out)
}

func consume() int {
	ch := make(chan int)
	go produce(ch, 3)
	total := 0
	for v := range ch {
		total += v
	}
	return total
}

type Stream struct{ events chan string }

func (s *Stream) run(items []string) {
	for _, it := range items {
		if it == "" {
			return // want `return at line 65 skips close\(s.events\) at line 69; the receive from s.events at line 73 blocks forever`
		}
		s.events <- it
	}
	close(s.events)
}

func (s *Stream) Next() (string, bool) {
	v, ok := <-s.events
	return v, ok
}

// Correct code: none of these is reported.

func deferredDone(n int) {
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if step(i) != nil {
				return
			}
		}()
	}
	wg.Wait()
}

func doneBeforeReturn(n int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if step(n) != nil {
			wg.Done()
			return
		}
		wg.Done()
	}()
	wg.Wait()
}

func returnAfterDone(wg *sync.WaitGroup) int {
	wg.Done()
	return 1
}

func nestedLiteral(wg *sync.WaitGroup) {
	f := func() int { return 1 } // the literal's return is its own
	_ = f()
	wg.Done()
}

// Nobody receives from closed, so an early return blocks no one.
func unread(closed chan int, n int) {
	if n == 0 {
		return
	}
	close(closed)
}

func deferredClose(out chan int, n int) {
	defer close(out)
	if n == 0 {
		return
	}
	out <- n
}

func drains() {
	c := make(chan int)
	go deferredClose(c, 1)
	for range c {
	}
}

// The receiver also waits for ctx, so a skipped close blocks no one.
func detached(done <-chan struct{}) {
	scanDone := make(chan struct{})
	go func() {
		if done == nil {
			return
		}
		close(scanDone)
	}()
	select {
	case <-done:
	case <-scanDone:
	}
}

type listener struct{ closech chan struct{} }

func (l *listener) Accept() { <-l.closech }

// Close returns early only when there is nothing to close.
func (l *listener) Close() {
	if l.closech == nil {
		return
	}
	close(l.closech)
	l.closech = nil
}

type want struct {
	mu     sync.Mutex
	done   bool
	result chan int
}

// deliver returns early only when it already delivered and closed.
func (w *want) deliver(v int) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return false
	}
	w.done = true
	w.result <- v
	close(w.result)
	return true
}

func (w *want) wait() int { return <-w.result }

// emit's channel reaches drain through the caller: two hops.
func emit(out chan<- int, items []int) {
	for _, it := range items {
		if it < 0 {
			return // want `return at line \d+ skips close\(out\) at line \d+; the receive from in at line \d+ blocks forever`
		}
		out <- it
	}
	close(out)
}

func drain(in <-chan int) int {
	n := 0
	for v := range in {
		n += v
	}
	return n
}

func pipeline(items []int) int {
	c := make(chan int, 4)
	go emit(c, items)
	return drain(c)
}
