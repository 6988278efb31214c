package invoicing

type Line struct {
	Description string
	Category    string
	UnitPrice   Cents
	Qty         int64
	TaxExempt   bool
}

func (l Line) Subtotal() Cents { return l.UnitPrice * Cents(l.Qty) }

type Invoice struct {
	Number string
	Lines  []Line
}

type Totals struct {
	Net   Cents
	Tax   Cents
	Gross Cents
}

// Totals sums the invoice, taxing each line under the given table.
func (inv Invoice) Totals(table TaxTable) Totals {
	var t Totals
	for _, l := range inv.Lines {
		t.Net += l.Subtotal()
		t.Tax += lineTax(l, table)
	}
	t.Gross = t.Net + t.Tax
	return t
}
