package pubsub

import "sync"

type Message struct {
	Topic   string
	Payload []byte
}

// Broker fans published messages out to topic subscribers.
type Broker struct {
	mu     sync.Mutex
	subs   map[string][]*Subscription
	closed bool
}

func NewBroker() *Broker {
	return &Broker{subs: make(map[string][]*Subscription)}
}

func (b *Broker) Subscribe(topic string, buffer int) *Subscription {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := &Subscription{topic: topic, ch: make(chan Message, buffer), broker: b}
	b.subs[topic] = append(b.subs[topic], s)
	return s
}

// Publish delivers to every subscriber with buffer space and returns the
// number of deliveries. Slow subscribers miss messages rather than block.
func (b *Broker) Publish(topic string, payload []byte) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return 0
	}
	n := 0
	for _, s := range b.subs[topic] {
		select {
		case s.ch <- Message{Topic: topic, Payload: payload}:
			n++
		default:
		}
	}
	return n
}

// Close ends every subscription; receivers see their channel closed.
func (b *Broker) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	b.closed = true
	for _, subs := range b.subs {
		for _, s := range subs {
			close(s.ch) // ROOT
		}
	}
}
