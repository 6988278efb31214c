package booking

import "time"

// civilDate normalises t to midnight UTC of its calendar date.
func civilDate(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// nights lists the calendar dates a guest sleeps at the property for a
// stay from checkIn to checkOut.
func nights(checkIn, checkOut time.Time) []time.Time {
	var out []time.Time
	end := civilDate(checkOut)
	for d := civilDate(checkIn); !d.After(end); d = d.AddDate(0, 0, 1) { // ROOT
		out = append(out, d)
	}
	return out
}
