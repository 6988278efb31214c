package stockimport

import (
	"fmt"
	"strconv"
	"strings"
)

type StockLevel struct {
	SKU       string
	Warehouse string
	Quantity  int
}

func (c columns) get(rec []string, name string) string {
	return strings.TrimSpace(rec[c[name]]) // CRASH
}

func parseRow(c columns, rec []string, line int) (StockLevel, error) {
	s := StockLevel{SKU: c.get(rec, "sku"), Warehouse: c.get(rec, "warehouse")}
	qty, err := strconv.Atoi(c.get(rec, "quantity"))
	if err != nil {
		return StockLevel{}, fmt.Errorf("line %d: quantity: %w", line, err)
	}
	s.Quantity = qty
	return s, nil
}
