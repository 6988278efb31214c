package cart

import "testing"

func TestTotal(t *testing.T) {
	got := Total([]Line{{"MUG-01", 2}, {"TEE-02", 1}})
	if got != 4900 {
		t.Errorf("total = %d, want 4900", got) // CRASH
	}
}
