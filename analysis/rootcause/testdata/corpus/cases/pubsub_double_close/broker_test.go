package pubsub

import "testing"

func TestPublishAfterCancel(t *testing.T) {
	b := NewBroker()
	a := b.Subscribe("orders", 4)
	c := b.Subscribe("orders", 4)
	a.Cancel()
	if n := b.Publish("orders", []byte("o-1")); n != 1 {
		t.Fatalf("delivered to %d subscribers, want 1", n)
	}
	if m := <-c.C(); string(m.Payload) != "o-1" {
		t.Errorf("got %q", m.Payload)
	}
	b.Close()
}

func TestConsumerCancelsAfterShutdown(t *testing.T) {
	b := NewBroker()
	sub := b.Subscribe("invoices", 8)
	b.Publish("invoices", []byte("inv-1"))

	done := make(chan []string)
	go func() {
		var got []string
		for m := range sub.C() {
			got = append(got, string(m.Payload))
		}
		sub.Cancel()
		done <- got
	}()
	b.Close()
	if got := <-done; len(got) != 1 || got[0] != "inv-1" {
		t.Errorf("consumer received %v", got)
	}
}
