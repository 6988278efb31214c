package catalog

import "testing"

func TestAffordableHidesSoldOut(t *testing.T) {
	c := New(Offer{"a", 300, 0, false}, Offer{"b", 200, 1, false})
	if got := c.Affordable(1000); len(got) != 1 || got[0].SKU != "b" {
		t.Errorf("got %v", got)
	}
}

func TestAffordableIncludesExactBudget(t *testing.T) {
	c := New(Offer{"mug", 1200, 4, false}, Offer{"tee", 2500, 9, false}, Offer{"cap", 1800, 2, true})
	got := c.Affordable(2500)
	if len(got) != 2 {
		t.Errorf("Affordable(2500) = %v, want the mug and the tee", got) // CRASH
	}
}
