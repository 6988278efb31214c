package metrics

import (
	"testing"
	"time"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) Now() time.Time { return c.t }

func TestAggregatorFirstWindow(t *testing.T) {
	clk := &fakeClock{t: time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)}
	a := NewAggregator(time.Minute, clk.Now)
	a.Observe("latency_ms", 10)
	a.Observe("latency_ms", 30)
	pts := a.Flush()
	if len(pts) != 1 || pts[0].Mean != 20 {
		t.Errorf("points = %+v", pts)
	}
}

func TestAggregatorConsecutiveWindows(t *testing.T) {
	clk := &fakeClock{t: time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)}
	a := NewAggregator(time.Minute, clk.Now)
	a.Observe("latency_ms", 10)
	clk.t = clk.t.Add(time.Minute)
	a.Flush()
	a.Observe("latency_ms", 50)
	a.Observe("latency_ms", 70)
	clk.t = clk.t.Add(time.Minute)
	pts := a.Flush()
	if len(pts) != 1 || pts[0].Mean != 60 || pts[0].Count != 2 {
		t.Errorf("second window points = %+v", pts)
	}
}
