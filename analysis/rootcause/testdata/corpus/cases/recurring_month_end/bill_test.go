package recurring

import (
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestUpcoming(t *testing.T) {
	tests := []struct {
		bill Bill
		want []time.Time
	}{
		{Bill{Name: "rent", Start: day(2024, 1, 1), Every: Monthly}, []time.Time{day(2024, 1, 1), day(2024, 2, 1), day(2024, 3, 1)}},
		{Bill{Name: "gym", Start: day(2024, 1, 31), Every: Monthly}, []time.Time{day(2024, 1, 31), day(2024, 2, 29), day(2024, 3, 31)}},
		{Bill{Name: "insurance", Start: day(2024, 2, 29), Every: Yearly}, []time.Time{day(2024, 2, 29), day(2025, 2, 28), day(2026, 2, 28)}},
		{Bill{Name: "cleaning", Start: day(2024, 3, 4), Every: Weekly}, []time.Time{day(2024, 3, 4), day(2024, 3, 11), day(2024, 3, 18)}},
	}
	for _, tt := range tests {
		got := tt.bill.Upcoming(3)
		for i := range tt.want {
			if !got[i].Equal(tt.want[i]) {
				t.Errorf("%s: due date %d = %s, want %s", tt.bill.Name, i, got[i].Format(time.DateOnly), tt.want[i].Format(time.DateOnly)) // CRASH
			}
		}
	}
}

func TestDueBetween(t *testing.T) {
	bills := []Bill{
		{Name: "rent", Cents: 120000, Start: day(2024, 1, 1), Every: Monthly},
		{Name: "water", Cents: 4500, Start: day(2024, 1, 15), Every: Quarterly},
	}
	if got := DueBetween(bills, day(2024, 4, 1), day(2024, 5, 1)); got != 124500 {
		t.Errorf("April total = %d", got)
	}
}
