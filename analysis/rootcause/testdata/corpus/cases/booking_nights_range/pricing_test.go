package booking

import (
	"testing"
	"time"
)

var plan = RatePlan{Weekday: 10000, Weekend: 14000, ExtraGuest: 2500, IncludedPax: 2, CleaningFee: 3000}

func day(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }

func TestPriceRejectsInvertedDates(t *testing.T) {
	if _, err := Price(Stay{CheckIn: day(2024, 6, 10, 15), CheckOut: day(2024, 6, 9, 11)}, plan); err == nil {
		t.Error("expected error")
	}
}

func TestPriceWeekendStay(t *testing.T) {
	// Thu 13 June 15:00 -> Sun 16 June 11:00: Thu, Fri, Sat nights, 3 guests.
	q, err := Price(Stay{RoomType: "double", CheckIn: day(2024, 6, 13, 15), CheckOut: day(2024, 6, 16, 11), Guests: 3}, plan)
	if err != nil {
		t.Fatal(err)
	}
	want := Quote{Nights: 3, Total: 3000 + 10000 + 14000 + 14000 + 3*2500}
	if q != want {
		t.Errorf("quote = %+v, want %+v", q, want) // CRASH
	}
}
