package latency

import (
	"testing"
	"time"
)

const ms = time.Millisecond

func TestFlush(t *testing.T) {
	r := NewRecorder()
	for _, d := range []time.Duration{120 * ms, 80 * ms, 95 * ms, 105 * ms} {
		r.Observe("/checkout", d)
	}

	got := r.Flush()
	want := []RouteReport{
		{"/checkout", Summary{Count: 4, Min: 80 * ms, Max: 120 * ms, Mean: 100 * ms}},
	}
	if len(got) != len(want) {
		t.Fatalf("Flush() returned %d routes, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("route %s: got %+v, want %+v", want[i].Route, got[i].Summary, want[i].Summary) // CRASH
		}
	}
}

func TestFlushStartsNewPeriod(t *testing.T) {
	r := NewRecorder()
	r.Observe("/a", ms)
	if got := r.Flush(); len(got) != 1 || got[0].Count != 1 {
		t.Fatalf("first Flush() = %v", got)
	}
	if got := r.Flush(); len(got) != 0 {
		t.Errorf("second Flush() = %v, want nothing", got)
	}
}
