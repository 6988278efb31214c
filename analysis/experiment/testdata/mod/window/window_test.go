package window

import (
	"testing"
	"time"
)

func TestPeak(t *testing.T) {
	if got := Peak([]int{3, 9, 4}); got != 9 {
		t.Errorf("Peak = %d, want 9", got)
	}
}

func TestSumsSingle(t *testing.T) {
	got := Sums([]Reading{{At: 0, Value: 5}}, time.Second)
	if len(got) != 1 || got[0] != 5 {
		t.Errorf("Sums = %v, want [5]", got)
	}
}

func TestSumsExcludesEdge(t *testing.T) {
	rs := []Reading{{At: 0, Value: 1}, {At: time.Second, Value: 2}, {At: 2 * time.Second, Value: 4}}
	got := Sums(rs, time.Second)
	want := []int{1, 2, 4}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Sums(...)[%d] = %d, want %d", i, got[i], want[i])
		}
	}
}
