package orders

import "testing"

func TestBook(t *testing.T) {
	apiToken := "tok-canary-5150-secret"
	order := "order-4711"
	l := Open("ann", apiToken)
	l.Book(order, 30)
	if got := l.Total(order); got != 30 {
		t.Errorf("%s: total %d, want 30", order, got)
	}
}

func TestNew(t *testing.T) {
	if l := NewLedger("bob"); l.Total("x") != 0 {
		t.Error("a new ledger has a total")
	}
}
