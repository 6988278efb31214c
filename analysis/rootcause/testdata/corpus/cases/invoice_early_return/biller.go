package billing

import (
	"fmt"
	"time"
)

type Period struct {
	Start, End time.Time
}

type UsageRecord struct {
	Account string
	Metric  string
	Units   int64
	At      time.Time
}

// Meter returns usage records for an account within a period.
type Meter interface {
	Usage(account string, p Period) ([]UsageRecord, error)
}

type Invoice struct {
	Account     string
	Period      Period
	Lines       map[string]int64
	PlatformFee int64
	unitPrices  map[string]int64
}

func (inv *Invoice) Total() int64 {
	total := inv.PlatformFee
	for metric, units := range inv.Lines {
		total += units * inv.unitPrices[metric]
	}
	return total
}

// Biller turns metered usage into invoices.
type Biller struct {
	meter       Meter
	unitPrices  map[string]int64
	platformFee int64
}

func NewBiller(m Meter, prices map[string]int64, fee int64) *Biller {
	return &Biller{meter: m, unitPrices: prices, platformFee: fee}
}

func (b *Biller) BuildInvoice(account string, p Period) (*Invoice, error) {
	usage, err := b.meter.Usage(account, p)
	if err != nil {
		return nil, fmt.Errorf("usage for %s: %w", account, err)
	}
	if len(usage) == 0 {
		return nil, nil // ROOT
	}
	inv := &Invoice{Account: account, Period: p, Lines: make(map[string]int64), PlatformFee: b.platformFee, unitPrices: b.unitPrices}
	for _, u := range usage {
		inv.Lines[u.Metric] += u.Units
	}
	return inv, nil
}
