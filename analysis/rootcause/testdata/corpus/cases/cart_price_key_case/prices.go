package cart

import "strings"

var listPrices = map[string]int{"MUG-01": 1200, "TEE-02": 2500}

type Line struct {
	SKU string
	Qty int
}

func unitPrice(sku string) int {
	return listPrices[strings.ToLower(sku)] // ROOT
}

// Total sums the cart.
func Total(lines []Line) int {
	total := 0
	for _, l := range lines {
		total += unitPrice(l.SKU) * l.Qty
	}
	return total
}
