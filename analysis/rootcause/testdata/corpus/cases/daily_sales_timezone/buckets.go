package salesreport

import "time"

const dayLayout = "2006-01-02"

// dayKey is the calendar-day bucket a timestamp is reported under.
func dayKey(t time.Time) string {
	return t.UTC().Format(dayLayout) // ROOT
}

// daysInRange lists the bucket keys from first to last inclusive.
func daysInRange(first, last time.Time, loc *time.Location) []string {
	var out []string
	y, m, d := first.In(loc).Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, loc)
	for !day.After(last) {
		out = append(out, day.Format(dayLayout))
		day = day.AddDate(0, 0, 1)
	}
	return out
}
