package booking

import (
	"errors"
	"time"
)

type Stay struct {
	RoomType string
	CheckIn  time.Time
	CheckOut time.Time
	Guests   int
}

// RatePlan holds nightly prices in cents.
type RatePlan struct {
	Weekday     int64
	Weekend     int64
	ExtraGuest  int64
	IncludedPax int
	CleaningFee int64
}

type Quote struct {
	Nights int
	Total  int64
}

func isWeekendNight(d time.Time) bool {
	wd := d.Weekday()
	return wd == time.Friday || wd == time.Saturday
}

// Price quotes a stay under the plan.
func Price(s Stay, plan RatePlan) (Quote, error) {
	if !s.CheckOut.After(s.CheckIn) {
		return Quote{}, errors.New("check-out must be after check-in")
	}
	ns := nights(s.CheckIn, s.CheckOut)
	q := Quote{Nights: len(ns), Total: plan.CleaningFee}
	for _, d := range ns {
		rate := plan.Weekday
		if isWeekendNight(d) {
			rate = plan.Weekend
		}
		if extra := s.Guests - plan.IncludedPax; extra > 0 {
			rate += int64(extra) * plan.ExtraGuest
		}
		q.Total += rate
	}
	return q, nil
}
