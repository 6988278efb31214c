package booking

import "time"

const slotLayout = "2006-01-02 15:04"

// Clinic is a practice with its own time zone and opening hours.
type Clinic struct {
	Name      string
	Loc       *time.Location
	OpenHour  int
	CloseHour int
	Slot      time.Duration
}

// parseSlot reads a wall-clock slot time as entered on the clinic's
// booking page.
func (c Clinic) parseSlot(s string) (time.Time, error) {
	return time.Parse(slotLayout, s) // ROOT
}

func (c Clinic) open(t time.Time) bool {
	local := t.In(c.Loc)
	start := time.Date(local.Year(), local.Month(), local.Day(), c.OpenHour, 0, 0, 0, c.Loc)
	end := time.Date(local.Year(), local.Month(), local.Day(), c.CloseHour, 0, 0, 0, c.Loc)
	return !local.Before(start) && !local.Add(c.Slot).After(end) && local.Weekday() != time.Sunday
}
