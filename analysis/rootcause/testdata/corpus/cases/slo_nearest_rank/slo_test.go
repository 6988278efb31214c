package slo

import (
	"testing"
	"time"
)

const ms = time.Millisecond

// window holds ten latencies, 10ms to 100ms, in arrival order.
var window = []time.Duration{70 * ms, 20 * ms, 100 * ms, 40 * ms, 10 * ms, 90 * ms, 30 * ms, 60 * ms, 50 * ms, 80 * ms}

func TestEvaluateObserved(t *testing.T) {
	objs := []Objective{{0.95, 120 * ms}, {0.99, 150 * ms}, {0.5, 45 * ms}, {0.25, 30 * ms}}
	want := []time.Duration{100 * ms, 100 * ms, 50 * ms, 30 * ms}
	res := Evaluate(window, objs)
	for i, r := range res {
		if r.Observed != want[i] {
			t.Errorf("%s: observed %v, want %v", r.Name(), r.Observed, want[i]) // CRASH
		}
	}
}

func TestEvaluateEmptyWindow(t *testing.T) {
	if res := Evaluate(nil, []Objective{{0.99, ms}}); res != nil {
		t.Errorf("Evaluate(nil) = %v", res)
	}
}
