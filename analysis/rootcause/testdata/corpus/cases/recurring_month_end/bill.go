package recurring

import "time"

// Bill is a recurring expense.
type Bill struct {
	Name   string
	Cents  int64
	Start  time.Time
	Every  Interval
	Paused bool
}

// Upcoming lists the next n due dates of b, starting with its first one.
func (b Bill) Upcoming(n int) []time.Time {
	if b.Paused {
		return nil
	}
	out := make([]time.Time, n)
	for i := range out {
		out[i] = occurrence(b.Start, b.Every, i)
	}
	return out
}

// DueBetween sums the bills falling due in [from, to).
func DueBetween(bills []Bill, from, to time.Time) int64 {
	var total int64
	for _, b := range bills {
		for i := 0; ; i++ {
			d := occurrence(b.Start, b.Every, i)
			if !d.Before(to) || b.Paused {
				break
			}
			if !d.Before(from) {
				total += b.Cents
			}
		}
	}
	return total
}
