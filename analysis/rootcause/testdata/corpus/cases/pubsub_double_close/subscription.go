package pubsub

// Subscription is one consumer's view of a topic.
type Subscription struct {
	topic  string
	ch     chan Message
	broker *Broker
}

func (s *Subscription) C() <-chan Message { return s.ch }

// Cancel detaches the subscription from the broker and closes its channel.
func (s *Subscription) Cancel() {
	b := s.broker
	b.mu.Lock()
	defer b.mu.Unlock()
	subs := b.subs[s.topic]
	for i, other := range subs {
		if other == s {
			b.subs[s.topic] = append(subs[:i], subs[i+1:]...)
			break
		}
	}
	close(s.ch) // ROOT CRASH
}
