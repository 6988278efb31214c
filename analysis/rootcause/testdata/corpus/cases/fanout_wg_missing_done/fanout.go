package pricefeed

import (
	"context"
	"sort"
	"sync"
)

// Snapshot is a best-effort set of quotes plus the symbols that failed.
type Snapshot struct {
	Quotes []Quote
	Failed map[string]error
}

// FetchAll requests every symbol concurrently and collects what succeeded.
func FetchAll(ctx context.Context, c *Client, symbols []string) Snapshot {
	snap := Snapshot{Failed: make(map[string]error)}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, sym := range symbols {
		wg.Add(1)
		go func() {
			q, err := c.Quote(ctx, sym)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				snap.Failed[sym] = err
				return // ROOT
			}
			snap.Quotes = append(snap.Quotes, q)
			wg.Done()
		}()
	}
	wg.Wait() // CRASH
	sort.Slice(snap.Quotes, func(i, j int) bool { return snap.Quotes[i].Symbol < snap.Quotes[j].Symbol })
	return snap
}
