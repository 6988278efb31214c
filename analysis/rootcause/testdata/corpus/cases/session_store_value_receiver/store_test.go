package sessions

import (
	"testing"
	"time"
)

func TestTouchKeepsSessionActive(t *testing.T) {
	s := NewStore(time.Minute)
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	s.Touch("sess-1", now)
	if !s.Active("sess-1", now.Add(30*time.Second)) {
		t.Error("session expired early")
	}
}
