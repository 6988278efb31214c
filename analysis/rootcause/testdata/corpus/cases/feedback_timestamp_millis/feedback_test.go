package push

import (
	"testing"
	"time"
)

const body = `{"feedback":[
 {"token":"a1b2","timestamp":1700000000123,"reason":"Unregistered"},
 {"token":"","timestamp":1700000000999,"reason":"BadDeviceToken"},
 {"token":"c3d4","timestamp":1700003600000,"reason":"Unregistered"}
]}`

func TestParseFeedback(t *testing.T) {
	evs, err := ParseFeedback([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 || evs[0].Token != "a1b2" || evs[1].Token != "c3d4" {
		t.Fatalf("events = %+v", evs)
	}
	want := time.Date(2023, 11, 14, 22, 13, 20, 123e6, time.UTC)
	if !evs[0].At.Equal(want) {
		t.Errorf("At = %s, want %s", evs[0].At, want) // CRASH
	}
}

func TestPrune(t *testing.T) {
	reg := map[string]time.Time{
		"a1b2": time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC),
		"c3d4": time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	evs := []Unregistered{
		{Token: "a1b2", At: time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC)},
		{Token: "c3d4", At: time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC)},
	}
	if got := Prune(reg, evs); len(got) != 1 || got[0] != "a1b2" {
		t.Errorf("Prune = %v", got)
	}
}
