package timeline

import (
	"fmt"
	"testing"
	"time"
)

var t0 = time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)

func TestPagePinnedFirst(t *testing.T) {
	s := NewStore()
	s.Save(Post{ID: "p1", Author: "ana", CreatedAt: t0})
	s.Save(Post{ID: "p2", Author: "ana", CreatedAt: t0.Add(time.Hour), Pinned: true})
	if got := fmt.Sprint(NewFeed(s, 10).Page("ana")); got != "[p2 p1]" {
		t.Errorf("page = %s", got)
	}
}

func TestPageNewestFirst(t *testing.T) {
	s := NewStore()
	s.Save(Post{ID: "p1", Author: "ana", CreatedAt: t0})
	s.Save(Post{ID: "p2", Author: "ana", CreatedAt: t0.Add(1 * time.Hour), EditedAt: t0.Add(50 * time.Hour)})
	s.Save(Post{ID: "p3", Author: "ana", CreatedAt: t0.Add(2 * time.Hour)})
	s.Save(Post{ID: "p4", Author: "ana", CreatedAt: t0.Add(3 * time.Hour)})
	s.Save(Post{ID: "x1", Author: "bo", CreatedAt: t0.Add(4 * time.Hour)})
	if got := fmt.Sprint(NewFeed(s, 3).Page("ana")); got != "[p4 p3 p2]" {
		t.Errorf("page = %s, want [p4 p3 p2]", got) // CRASH
	}
}
