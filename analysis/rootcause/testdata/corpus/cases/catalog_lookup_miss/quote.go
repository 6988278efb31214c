package pricing

import (
	"errors"
	"fmt"
)

var ErrUnknownSKU = errors.New("unknown sku")

type OrderLine struct {
	SKU string
	Qty int
}

type Quote struct {
	Lines      []QuotedLine
	TotalCents int64
}

type QuotedLine struct {
	SKU        string
	Qty        int
	TotalCents int64
}

// Quoter prices order lines against the catalog and volume rules.
type Quoter struct {
	catalog *Catalog
	rules   []VolumeRule
}

func NewQuoter(c *Catalog, rules ...VolumeRule) *Quoter {
	return &Quoter{catalog: c, rules: rules}
}

func (q *Quoter) Quote(lines []OrderLine) (Quote, error) {
	var out Quote
	for _, l := range lines {
		if l.Qty <= 0 {
			return Quote{}, fmt.Errorf("line %s: quantity must be positive", l.SKU)
		}
		ql := q.priceLine(l)
		out.Lines = append(out.Lines, ql)
		out.TotalCents += ql.TotalCents
	}
	return out, nil
}

func (q *Quoter) priceLine(l OrderLine) QuotedLine {
	p := q.catalog.Product(l.SKU)
	total := applyVolumeRules(p, l.Qty, q.rules)
	return QuotedLine{SKU: l.SKU, Qty: l.Qty, TotalCents: total}
}
