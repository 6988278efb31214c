package export

import (
	"fmt"
	"testing"
)

func makeOrders(n int) []Order {
	out := make([]Order, n)
	for i := range out {
		out[i] = Order{ID: fmt.Sprintf("o-%03d", i+1), Customer: "c", Cents: int64(100 * (i + 1))}
	}
	return out
}

func TestHeadersPartialLastPage(t *testing.T) {
	w := &Writer{PageSize: 4}
	hs := w.Headers(makeOrders(10))
	if len(hs) != 3 || hs[2].FirstID != "o-009" || hs[2].LastID != "o-010" {
		t.Errorf("headers = %+v", hs)
	}
}

func TestHeadersExactPages(t *testing.T) {
	w := &Writer{PageSize: 4}
	hs := w.Headers(makeOrders(8))
	if len(hs) != 2 || hs[1].LastID != "o-008" {
		t.Errorf("headers = %+v", hs)
	}
}

func TestFormatCents(t *testing.T) {
	if got := formatCents(12345); got != "123.45" {
		t.Errorf("formatCents = %q", got)
	}
}
