package recurring

import "time"

func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// addMonthsClamped moves t by n calendar months; a day that does not exist
// in the target month becomes that month's last day.
func addMonthsClamped(t time.Time, n int) time.Time {
	first := time.Date(t.Year(), t.Month()+time.Month(n), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	day := t.Day()
	if last := daysIn(first.Year(), first.Month()); day > last {
		day = last
	}
	return first.AddDate(0, 0, day-1)
}
