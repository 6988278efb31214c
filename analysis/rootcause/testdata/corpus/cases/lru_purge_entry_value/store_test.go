package sessions

import (
	"slices"
	"testing"
)

func TestCapacityEvictsLeastRecent(t *testing.T) {
	s := NewStore(2)
	s.Put(&Session{ID: "a", User: "ann"})
	s.Put(&Session{ID: "b", User: "bob"})
	s.Get("a")
	s.Put(&Session{ID: "c", User: "cy"})
	if _, ok := s.Get("b"); ok {
		t.Error("b still cached")
	}
	if got := s.Dropped(); !slices.Equal(got, []string{"b"}) {
		t.Errorf("Dropped() = %v", got)
	}
}

func TestResetDropsEverySession(t *testing.T) {
	s := NewStore(10)
	for _, id := range []string{"s1", "s2", "s3"} {
		s.Put(&Session{ID: id})
	}
	s.Reset()
	if got := s.Dropped(); !slices.Equal(got, []string{"s1", "s2", "s3"}) {
		t.Errorf("Dropped() = %v", got)
	}
	if _, ok := s.Get("s2"); ok {
		t.Error("s2 still cached")
	}
}
