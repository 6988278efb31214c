package salesreport

import (
	"fmt"
	"testing"
	"time"
)

var utc = Store{Name: "London", Location: time.UTC}

func TestDailyTotalsFillsGaps(t *testing.T) {
	sales := []Sale{
		{OrderID: "a", At: time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC), Cents: 500},
		{OrderID: "b", At: time.Date(2024, 3, 3, 12, 0, 0, 0, time.UTC), Cents: 700},
	}
	got, err := utc.DailyTotals(sales)
	if err != nil || len(got) != 3 || got[1].Orders != 0 {
		t.Errorf("totals = %+v, %v", got, err)
	}
}

func TestDailyTotalsUsesStoreLocalDay(t *testing.T) {
	chicago := Store{Name: "Chicago", Location: time.FixedZone("CST", -6*3600)}
	sales := []Sale{
		{OrderID: "a", At: time.Date(2024, 3, 8, 15, 0, 0, 0, time.UTC), Cents: 1200}, // 09:00 local
		{OrderID: "b", At: time.Date(2024, 3, 9, 2, 30, 0, 0, time.UTC), Cents: 800},  // 20:30 local, 8 March
		{OrderID: "c", At: time.Date(2024, 3, 9, 16, 0, 0, 0, time.UTC), Cents: 300},  // 10:00 local
	}
	got, err := chicago.DailyTotals(sales)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[{2024-03-08 2 2000} {2024-03-09 1 300}]" {
		t.Errorf("totals = %v", got) // CRASH
	}
}
