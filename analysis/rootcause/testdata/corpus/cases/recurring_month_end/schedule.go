package recurring

import "time"

type Interval int

const (
	Weekly Interval = iota
	Monthly
	Quarterly
	Yearly
)

// occurrence returns the i-th due date (0-based) of a schedule anchored at
// start. Dates are computed from the anchor, not from the previous
// occurrence, so they do not drift.
func occurrence(start time.Time, every Interval, i int) time.Time {
	switch every {
	case Weekly:
		return start.AddDate(0, 0, 7*i)
	case Monthly:
		return start.AddDate(0, i, 0) // ROOT
	case Quarterly:
		return addMonthsClamped(start, 3*i)
	case Yearly:
		return addMonthsClamped(start, 12*i)
	}
	return start
}
