package a

import "sync"

// Cache is built by NewCache, which makes its map.
type Cache struct {
	name string
	m    map[string]int
}

func NewCache(name string) *Cache {
	return &Cache{name: name, m: make(map[string]int)}
}

func (c *Cache) Put(k string, v int) { c.m[k] = v }

// Bus sets its fields by assignment after the literal.
type Bus struct {
	events chan string
	log    func(string)
	mu     sync.Mutex
}

func NewBus() *Bus {
	b := &Bus{}
	b.events = make(chan string, 8)
	b.log = func(string) {}
	return b
}

func (b *Bus) Publish(e string) {
	b.log(e)
	b.events <- e
}

func badCache() {
	c := &Cache{name: "x"} // want `Cache built without NewCache: field m stays nil \(NewCache sets it\), so writing to its map panics`
	c.Put("a", 1)
}

func badBus() *Bus {
	return &Bus{} // want `Bus built without NewBus: fields events, log stay nil \(NewBus sets them\), so`
}

func badValue() Cache {
	return Cache{} // want `Cache built without NewCache: field m stays nil`
}

func badInSlice() []*Cache {
	return []*Cache{{name: "y"}} // want `Cache built without NewCache`
}

// Correct code: none of these is reported.

func goodKeyed() *Cache {
	return &Cache{name: "z", m: map[string]int{}}
}

func goodPositional() Cache {
	return Cache{"p", nil}
}

func goodCtor() *Cache { return NewCache("ok") }

// Lazy is initialised lazily: its zero value works.
type Lazy struct{ m map[string]int }

func NewLazy() *Lazy { return &Lazy{m: make(map[string]int)} }

func (l *Lazy) Put(k string) {
	if l.m == nil {
		l.m = make(map[string]int)
	}
	l.m[k]++
}

func goodLazy() *Lazy { return &Lazy{} }

// ReadOnly's map is only read, and reading a nil map is fine.
type ReadOnly struct{ m map[string]int }

func NewReadOnly() *ReadOnly { return &ReadOnly{m: map[string]int{"a": 1}} }

func (r *ReadOnly) Get(k string) int { return r.m[k] }

func goodReadOnly() *ReadOnly { return &ReadOnly{} }

// Started sets its channel in Start, not only in the constructor.
type Started struct{ done chan struct{} }

func NewStarted() *Started { return &Started{done: make(chan struct{})} }

func (s *Started) Start() { s.done = make(chan struct{}) }

func (s *Started) Wait() { <-s.done }

func goodStarted() *Started { return &Started{} }

// NoCtor has no constructor at all.
type NoCtor struct{ m map[string]int }

func (n *NoCtor) Put(k string) { n.m[k] = 1 }

func goodNoCtor() *NoCtor { return &NoCtor{} }

// Params' only use is a method that accepts a nil receiver.
type Params struct{ n int }

func (p *Params) Len() int {
	if p == nil {
		return 0
	}
	return p.n
}

type Fn struct{ params *Params }

func NewFn() *Fn { return &Fn{params: &Params{}} }

func (f *Fn) Arity() int { return f.params.Len() }

func goodNilSafe() *Fn { return &Fn{} }

// Injected takes its logger from the caller: a literal without it is a
// deliberate choice, not a bypass.
type Logger interface{ Log(string) }

type Injected struct{ log Logger }

func NewInjected(l Logger) *Injected { return &Injected{log: l} }

func (i *Injected) Hello() { i.log.Log("hello") }

func goodInjected() *Injected { return &Injected{} }

// Clocked defaults its clock when the caller passes none.
type Clock interface{ Now() int }

type sysClock struct{}

func (sysClock) Now() int { return 0 }

type Clocked struct {
	ttl   int
	clock Clock
}

func NewClocked(ttl int, clock Clock) *Clocked {
	if clock == nil {
		clock = sysClock{}
	}
	return &Clocked{ttl: ttl, clock: clock}
}

func (c *Clocked) Expiry() int { return c.clock.Now() + c.ttl }

type Holder struct{ c *Clocked }

func NewHolder() *Holder {
	return &Holder{c: &Clocked{ttl: 5}} // want `Clocked built without NewClocked: field clock stays nil \(NewClocked sets it\), so calling its methods panics`
}
