package monitor

import (
	"testing"
	"time"
)

func TestSummaryEmpty(t *testing.T) {
	if s := NewGauge("queue_depth").Summary(); s.Current != 0 {
		t.Errorf("summary = %+v", s)
	}
}

func TestSummaryReportsLatestSample(t *testing.T) {
	g := NewGauge("queue_depth")
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, v := range []float64{12, 40, 7, 18, 3} {
		g.Record(v, t0.Add(time.Duration(i)*time.Minute))
	}
	s := g.Summary()
	if s.Current != 3 || s.P50 != 12 || s.P95 != 40 {
		t.Errorf("summary = %+v, want current 3, p50 12, p95 40", s) // CRASH
	}
}
