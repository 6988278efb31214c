package eventsink

import (
	"context"
	"sync"
)

// Buffer accumulates events in memory and uploads them on Flush.
type Buffer struct {
	mu       sync.Mutex
	pending  []Event
	uploader *Uploader
}

func NewBuffer(u *Uploader) *Buffer {
	return &Buffer{uploader: u}
}

func (b *Buffer) Add(ev Event) {
	b.mu.Lock()
	b.pending = append(b.pending, ev)
	b.mu.Unlock()
}

func (b *Buffer) Flush(ctx context.Context) (int, error) {
	b.mu.Lock()
	events := make([]Event, len(b.pending))
	copy(events, b.pending)
	b.pending = b.pending[:0]
	b.mu.Unlock()
	return b.uploader.Upload(ctx, events)
}
