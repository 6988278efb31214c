package store

import (
	"testing"
	"time"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestInsertStampsRow(t *testing.T) {
	c := &clock{time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)}
	repo := NewRepo[*Question](c.now)
	id := repo.Insert(&Question{Title: "How do I vendor?"})
	q, err := repo.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if !q.CreatedAt.Equal(c.t) || !q.UpdatedAt.Equal(c.t) || q.Version != 1 {
		t.Errorf("row = %+v", q.Model)
	}
}

func TestUpdateKeepsCreationTime(t *testing.T) {
	c := &clock{time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)}
	repo := NewRepo[*Question](c.now)
	created := c.t
	id := repo.Insert(&Question{Title: "How do I vendor?"})

	c.t = c.t.Add(36 * time.Hour)
	q, _ := repo.Get(id)
	q.Answers++
	if err := repo.Update(q); err != nil {
		t.Fatal(err)
	}
	got, _ := repo.Get(id)
	if !got.CreatedAt.Equal(created) || !got.UpdatedAt.Equal(c.t) || got.Version != 2 {
		t.Errorf("after update: created %s, updated %s, version %d; want created %s, updated %s", got.CreatedAt, got.UpdatedAt, got.Version, created, c.t) // CRASH
	}
}

func TestUpdateUnknownRow(t *testing.T) {
	repo := NewRepo[*Question](time.Now)
	if err := repo.Update(&Question{Model: Model{ID: 9}}); err != ErrNotFound {
		t.Errorf("err = %v", err)
	}
}
