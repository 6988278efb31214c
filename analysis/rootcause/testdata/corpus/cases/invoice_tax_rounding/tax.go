package invoicing

// TaxTable maps a product tax category to its rate for one jurisdiction.
type TaxTable map[string]BasisPoints

func (t TaxTable) rate(category string) BasisPoints {
	if r, ok := t[category]; ok {
		return r
	}
	return t["standard"]
}

// lineTax is computed per line, as required for itemised receipts.
func lineTax(l Line, table TaxTable) Cents {
	if l.TaxExempt {
		return 0
	}
	return percentOf(l.Subtotal(), table.rate(l.Category))
}
