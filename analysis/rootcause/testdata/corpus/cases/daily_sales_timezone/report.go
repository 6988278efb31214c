package salesreport

import (
	"errors"
	"time"
)

type Sale struct {
	OrderID string
	At      time.Time
	Cents   int64
}

type DayTotal struct {
	Day    string
	Orders int
	Cents  int64
}

// Store is one physical shop; its business day follows local time.
type Store struct {
	Name     string
	Location *time.Location
}

// DailyTotals returns one row per local calendar day between the first
// and last sale, including days without sales.
func (s Store) DailyTotals(sales []Sale) ([]DayTotal, error) {
	if len(sales) == 0 {
		return nil, errors.New("no sales")
	}
	first, last := sales[0].At, sales[0].At
	byDay := make(map[string]*DayTotal)
	for _, sale := range sales {
		local := sale.At.In(s.Location)
		k := dayKey(local)
		dt := byDay[k]
		if dt == nil {
			dt = &DayTotal{Day: k}
			byDay[k] = dt
		}
		dt.Orders++
		dt.Cents += sale.Cents
		if sale.At.Before(first) {
			first = sale.At
		}
		if sale.At.After(last) {
			last = sale.At
		}
	}
	var out []DayTotal
	for _, k := range daysInRange(first, last, s.Location) {
		if dt, ok := byDay[k]; ok {
			out = append(out, *dt)
		} else {
			out = append(out, DayTotal{Day: k})
		}
	}
	return out, nil
}
