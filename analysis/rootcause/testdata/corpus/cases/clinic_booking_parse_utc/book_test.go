package booking

import (
	"testing"
	"time"
)

var lisbonSummer = time.FixedZone("WEST", 1*60*60)

var clinic = Clinic{Name: "Alfama Dental", Loc: lisbonSummer, OpenHour: 8, CloseHour: 18, Slot: 30 * time.Minute}

func TestBookStoresUTC(t *testing.T) {
	a, err := Book(clinic, "p-118", "2024-07-15 09:30")
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2024, 7, 15, 8, 30, 0, 0, time.UTC)
	if !a.At.Equal(want) {
		t.Errorf("At = %s, want %s", a.At.Format(time.RFC3339), want.Format(time.RFC3339)) // CRASH
	}
}

func TestBookAfterClosing(t *testing.T) {
	if _, err := Book(clinic, "p-118", "2024-07-15 17:45"); err != ErrClosed {
		t.Errorf("err = %v, want ErrClosed", err)
	}
}

func TestBookRejectsGarbage(t *testing.T) {
	if _, err := Book(clinic, "p-118", "tomorrow"); err == nil {
		t.Error("no error")
	}
}
