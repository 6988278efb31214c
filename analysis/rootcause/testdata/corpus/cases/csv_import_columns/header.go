package stockimport

import (
	"fmt"
	"strings"
)

var requiredColumns = []string{"sku", "warehouse", "quantity"}

// columns maps a normalised header name to its position in a record.
type columns map[string]int

func parseHeader(rec []string) (columns, error) {
	cols := make(columns, len(rec))
	for i, name := range rec {
		key := strings.ToLower(strings.TrimSpace(name))
		if _, dup := cols[key]; dup {
			return nil, fmt.Errorf("duplicate column %q", key)
		}
		cols[key] = i + 1 // ROOT
	}
	for _, req := range requiredColumns {
		if _, ok := cols[req]; !ok {
			return nil, fmt.Errorf("missing column %q", req)
		}
	}
	return cols, nil
}
