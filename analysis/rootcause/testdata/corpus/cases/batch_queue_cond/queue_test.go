package batching

import (
	"fmt"
	"testing"
)

func TestNextReturnsFullBatch(t *testing.T) {
	q := NewBatchQueue(2)
	q.Put(Job{ID: "a"})
	q.Put(Job{ID: "b"})
	q.Put(Job{ID: "c"})
	b, ok := q.Next()
	if !ok || len(b) != 2 || b[0].ID != "a" {
		t.Errorf("batch = %v, %v", b, ok)
	}
}

func TestDrainAfterClose(t *testing.T) {
	q := NewBatchQueue(4)
	for i := 0; i < 10; i++ {
		q.Put(Job{ID: fmt.Sprint(i)})
	}
	q.Close()
	var sizes []int
	n, err := Drain(q, func(b []Job) error { sizes = append(sizes, len(b)); return nil })
	if err != nil || n != 10 || fmt.Sprint(sizes) != "[4 4 2]" {
		t.Errorf("drained %d (%v), sizes %v", n, err, sizes)
	}
}
