package pricing

import (
	"errors"
	"testing"
)

func testQuoter() *Quoter {
	c := NewCatalog(
		&Product{SKU: "TSH-001", Name: "T-shirt", PriceCents: 1500},
		&Product{SKU: "MUG-002", Name: "Mug", PriceCents: 900},
	)
	return NewQuoter(c, VolumeRule{MinQty: 10, PercentOff: 10})
}

func TestQuoteAppliesVolumeDiscount(t *testing.T) {
	q, err := testQuoter().Quote([]OrderLine{{SKU: "tsh-001", Qty: 10}, {SKU: "MUG-002", Qty: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if q.TotalCents != 13500+900 {
		t.Errorf("total = %d, want %d", q.TotalCents, 13500+900)
	}
}

func TestQuoteRejectsUnknownSKU(t *testing.T) {
	_, err := testQuoter().Quote([]OrderLine{{SKU: "TSH-001", Qty: 1}, {SKU: "HAT-003", Qty: 2}})
	if !errors.Is(err, ErrUnknownSKU) {
		t.Errorf("err = %v, want ErrUnknownSKU", err)
	}
}
