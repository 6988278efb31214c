package eventsink

import (
	"context"
	"fmt"
	"testing"
)

type recordingSink struct{ sizes []int }

func (s *recordingSink) Send(_ context.Context, batch []Event) error {
	s.sizes = append(s.sizes, len(batch))
	return nil
}

func fill(b *Buffer, n int) {
	for i := 0; i < n; i++ {
		b.Add(Event{ID: fmt.Sprint(i), Kind: "page_view"})
	}
}

func TestFlushEvenBatches(t *testing.T) {
	sink := &recordingSink{}
	b := NewBuffer(NewUploader(sink, 3))
	fill(b, 6)
	if n, err := b.Flush(context.Background()); err != nil || n != 6 {
		t.Fatalf("Flush = %d, %v", n, err)
	}
	if fmt.Sprint(sink.sizes) != "[3 3]" {
		t.Errorf("batch sizes = %v", sink.sizes)
	}
}

func TestFlushSendsTrailingPartialBatch(t *testing.T) {
	sink := &recordingSink{}
	b := NewBuffer(NewUploader(sink, 3))
	fill(b, 7)
	if n, err := b.Flush(context.Background()); err != nil || n != 7 {
		t.Fatalf("Flush = %d, %v", n, err)
	}
	if fmt.Sprint(sink.sizes) != "[3 3 1]" {
		t.Errorf("batch sizes = %v", sink.sizes)
	}
}
