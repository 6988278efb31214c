package a

import (
	"container/list"
	"sync"
)

type Queue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []int
	closed bool
}

func NewQueue() *Queue {
	q := &Queue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *Queue) Put(v int) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
	q.cond.Signal()
}

func (q *Queue) Get() (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 { // want `Wait loop never checks closed, which Close sets before Broadcast at line 42: the waiter wakes, finds len\(q.items\) == 0 unchanged and sleeps forever`
		q.cond.Wait()
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v, true
}

func (q *Queue) Close() {
	q.mu.Lock()
	q.closed = true
	q.cond.Broadcast()
	q.mu.Unlock()
}

// Correct code: none of these is reported.

type Good struct {
	mu     sync.Mutex
	cond   sync.Cond
	items  []int
	closed bool
}

func (g *Good) Get() (int, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for len(g.items) == 0 && !g.closed {
		g.cond.Wait()
	}
	if len(g.items) == 0 {
		return 0, false
	}
	v := g.items[0]
	g.items = g.items[1:]
	return v, true
}

// GetInBody checks closed in the loop body instead of the condition.
func (g *Good) GetInBody() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	for len(g.items) == 0 {
		if g.closed {
			return false
		}
		g.cond.Wait()
	}
	return true
}

// GetViaMethod reads closed through a method the predicate calls.
func (g *Good) GetViaMethod() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for !g.ready() {
		g.cond.Wait()
	}
}

func (g *Good) ready() bool { return len(g.items) > 0 || g.closed }

func (g *Good) Close() {
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
	g.cond.Broadcast()
}

func (g *Good) Put(v int) {
	g.mu.Lock()
	g.items = append(g.items, v)
	g.mu.Unlock()
	g.cond.Signal()
}

// Listed changes its list by method and a counter by assignment; the
// waiter reads the list, which the method call may change.
type Listed struct {
	mu    sync.Mutex
	cond  *sync.Cond
	l     *list.List
	count int
}

func (x *Listed) Put(v int) {
	x.mu.Lock()
	x.l.PushBack(v)
	x.count++
	x.mu.Unlock()
	x.cond.Signal()
}

func (x *Listed) Get() any {
	x.mu.Lock()
	defer x.mu.Unlock()
	for x.l.Len() == 0 {
		x.cond.Wait()
	}
	return x.l.Remove(x.l.Front())
}
