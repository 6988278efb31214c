package invoicing

import "testing"

var texas = TaxTable{"standard": 825, "grocery": 0}

func TestTotalsExemptLines(t *testing.T) {
	inv := Invoice{Number: "INV-7", Lines: []Line{{Description: "Consulting", UnitPrice: 10000, Qty: 2, TaxExempt: true}}}
	if got := inv.Totals(texas); got.Tax != 0 || got.Gross != 20000 {
		t.Errorf("totals = %+v", got)
	}
}

func TestTotalsRoundsTaxPerLine(t *testing.T) {
	inv := Invoice{Number: "INV-8", Lines: []Line{
		{Description: "Keyboard", Category: "standard", UnitPrice: 4999, Qty: 1},
		{Description: "Cable", Category: "standard", UnitPrice: 1299, Qty: 3},
		{Description: "Coffee", Category: "grocery", UnitPrice: 1450, Qty: 1},
	}}
	got := inv.Totals(texas)
	// 4999 * 8.25% = 412.4175 -> 412; 3897 * 8.25% = 321.5025 -> 322 (half-up on cents)
	want := Totals{Net: 4999 + 3897 + 1450, Tax: 412 + 322, Gross: 4999 + 3897 + 1450 + 412 + 322}
	if got != want {
		t.Errorf("totals = %+v, want %+v", got, want) // CRASH
	}
}
