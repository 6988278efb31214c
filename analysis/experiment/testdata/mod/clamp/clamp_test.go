package clamp

import "testing"

func TestFullPage(t *testing.T) {
	if got := Page([]string{"a", "b", "c", "d"}, 0, 2); len(got) != 2 {
		t.Errorf("got %v", got)
	}
}

func TestShortLastPage(t *testing.T) {
	got := Page([]string{"a", "b", "c"}, 2, 2)
	if len(got) != 1 || got[0] != "c" {
		t.Errorf("got %v, want [c]", got)
	}
}

func TestEndPage(t *testing.T) {
	got := Page([]string{"a", "b", "c", "d"}, 3, 2)
	if len(got) != 1 || got[0] != "d" {
		t.Errorf("got %v, want [d]", got)
	}
}
