package a

import "sync"

type Registry struct {
	mu    sync.Mutex
	items map[string]int
}

type Cache struct {
	mu   sync.RWMutex
	data map[string]int
}

var (
	reg   Registry
	cache Cache
)

func refresh() {
	reg.mu.Lock()
	defer reg.mu.Unlock()
	cache.mu.Lock() // want `locks cache.mu while holding reg.mu, but invalidate locks them in the opposite order at line 30: the two can deadlock`
	cache.data = map[string]int{}
	cache.mu.Unlock()
}

func invalidate() {
	cache.mu.Lock()
	reg.mu.Lock() // want `locks reg.mu while holding cache.mu, but refresh locks them in the opposite order at line 23`
	reg.items = nil
	reg.mu.Unlock()
	cache.mu.Unlock()
}

type Pair struct {
	in, out sync.Mutex
}

func (p *Pair) push() {
	p.in.Lock()
	defer p.in.Unlock()
	p.out.Lock() // want `locks p.out while holding p.in, but pull locks them in the opposite order`
	defer p.out.Unlock()
}

func (p *Pair) pull() {
	p.out.Lock()
	defer p.out.Unlock()
	p.in.Lock() // want `locks p.in while holding p.out, but push locks them in the opposite order`
	defer p.in.Unlock()
}

type Account struct {
	mu      sync.Mutex
	id      int
	balance int
}

func Transfer(from, to *Account, n int) {
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock() // want `locks to.mu while holding from.mu, a mutex of the same field: a concurrent call with from and to swapped locks them in the opposite order and deadlocks`
	defer to.mu.Unlock()
	from.balance -= n
	to.balance += n
}

func (a *Account) Merge(b *Account) {
	a.mu.Lock()
	b.mu.Lock() // want `a concurrent call with a and b swapped`
	a.balance += b.balance
	b.mu.Unlock()
	a.mu.Unlock()
}

// Correct code: none of these is reported.

type Ordered struct{ a, b sync.Mutex }

func (o *Ordered) one() {
	o.a.Lock()
	o.b.Lock()
	o.b.Unlock()
	o.a.Unlock()
}

func (o *Ordered) two() {
	o.a.Lock()
	defer o.a.Unlock()
	o.b.Lock()
	defer o.b.Unlock()
}

// Released before the other lock: no nesting, no order.
func (o *Ordered) sequential() {
	o.b.Lock()
	o.b.Unlock()
	o.a.Lock()
	o.a.Unlock()
}

// The early-return branch unlocks, the fall-through path does not hold b.
func (o *Ordered) branchy(c bool) {
	o.b.Lock()
	if c {
		o.b.Unlock()
		return
	}
	o.b.Unlock()
	o.a.Lock()
	o.a.Unlock()
}

func TransferOrdered(from, to *Account, n int) {
	first, second := from, to
	if to.id < from.id {
		first, second = to, from
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock()
	defer second.mu.Unlock()
	from.balance -= n
	to.balance += n
}

func TransferByID(from, to *Account) {
	if from.id < to.id {
		from.mu.Lock()
		to.mu.Lock()
	} else {
		to.mu.Lock()
		from.mu.Lock()
	}
	to.mu.Unlock()
	from.mu.Unlock()
}

type Readers struct{ x, y sync.RWMutex }

func (r *Readers) readXY() {
	r.x.RLock()
	r.y.RLock()
	r.y.RUnlock()
	r.x.RUnlock()
}

func (r *Readers) readYX() {
	r.y.RLock()
	r.x.RLock()
	r.x.RUnlock()
	r.y.RUnlock()
}

// Helpers that lock for their callers count as locking.
type Tree struct {
	mu    sync.Mutex
	index sync.Mutex
}

func (t *Tree) lockIndex() { t.index.Lock() }

func (t *Tree) unlockIndex() { t.index.Unlock() }

func (t *Tree) insert() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.lockIndex() // want `locks t.index while holding t.mu, but rebuild locks them in the opposite order`
	defer t.unlockIndex()
}

func (t *Tree) rebuild() {
	t.index.Lock()
	defer t.index.Unlock()
	t.mu.Lock() // want `locks t.mu while holding t.index, but insert locks them in the opposite order`
	t.mu.Unlock()
}

type Ledger struct{ accounts map[string]*Account }

func (l *Ledger) Move(fromID, toID string, n int) {
	from, to := l.accounts[fromID], l.accounts[toID]
	if from == nil || to == nil || from == to {
		return
	}
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock() // want `locks to.mu while holding from.mu, a mutex of the same field: a concurrent call with fromID and toID swapped`
	defer to.mu.Unlock()
	from.balance -= n
	to.balance += n
}

// MoveOrdered orders by the IDs before locking.
func (l *Ledger) MoveOrdered(fromID, toID string) {
	first, second := l.accounts[fromID], l.accounts[toID]
	if toID < fromID {
		first, second = second, first
	}
	first.mu.Lock()
	second.mu.Lock()
	second.mu.Unlock()
	first.mu.Unlock()
}

// pair's two accounts come from the receiver alone: their order is fixed.
type pair struct{ left, right *Account }

func (p *pair) both() {
	a, b := p.left, p.right
	a.mu.Lock()
	b.mu.Lock()
	b.mu.Unlock()
	a.mu.Unlock()
}
