package stockimport

import (
	"encoding/csv"
	"fmt"
	"io"
)

// Import reads a stock-level CSV export and returns one level per row.
func Import(r io.Reader) ([]StockLevel, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read header: %w", err)
	}
	cols, err := parseHeader(header)
	if err != nil {
		return nil, err
	}
	var out []StockLevel
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if len(rec) != len(header) {
			return nil, fmt.Errorf("line %d: got %d fields, want %d", line, len(rec), len(header))
		}
		lvl, err := parseRow(cols, rec, line)
		if err != nil {
			return nil, err
		}
		out = append(out, lvl)
	}
	return out, nil
}
