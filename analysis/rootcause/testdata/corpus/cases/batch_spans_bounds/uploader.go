package eventsink

import (
	"context"
	"fmt"
)

type Event struct {
	ID      string
	Kind    string
	Payload []byte
}

// Sink receives batches of events, e.g. an analytics ingestion API.
type Sink interface {
	Send(ctx context.Context, batch []Event) error
}

// Uploader ships events to a sink in bounded batches.
type Uploader struct {
	sink      Sink
	batchSize int
	maxBytes  int
}

func NewUploader(s Sink, batchSize int) *Uploader {
	return &Uploader{sink: s, batchSize: batchSize, maxBytes: 1 << 20}
}

func (u *Uploader) plan(n int) []span {
	if n == 0 {
		return nil
	}
	return batchSpans(n, u.batchSize)
}

func (u *Uploader) Upload(ctx context.Context, events []Event) (int, error) {
	sent := 0
	for _, s := range u.plan(len(events)) {
		batch := events[s.lo:s.hi] // CRASH
		if err := u.sink.Send(ctx, batch); err != nil {
			return sent, fmt.Errorf("batch at %d: %w", s.lo, err)
		}
		sent += len(batch)
	}
	return sent, nil
}
