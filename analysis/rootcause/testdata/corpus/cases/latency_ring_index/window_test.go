package latency

import (
	"testing"
	"time"
)

func TestPercentileOfPartialWindow(t *testing.T) {
	w := NewWindow(10)
	for _, ms := range []int{5, 1, 3} {
		w.Add(time.Duration(ms) * time.Millisecond)
	}
	if got := w.Percentile(50); got != 3*time.Millisecond {
		t.Errorf("p50 = %v, want 3ms", got)
	}
}

func TestWindowKeepsMostRecentSamples(t *testing.T) {
	w := NewWindow(4)
	for i := 1; i <= 9; i++ {
		w.Add(time.Duration(i) * time.Millisecond)
	}
	if got := w.Percentile(0); got != 6*time.Millisecond {
		t.Errorf("min of last 4 = %v, want 6ms", got)
	}
}
