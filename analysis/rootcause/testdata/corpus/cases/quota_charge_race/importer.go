package quota

import (
	"strings"
	"sync"
)

type Row struct {
	Tenant string
	Data   string
}

// Importer writes rows in chunks with a fixed number of workers and bills
// each stored row against the tenant's quota.
type Importer struct {
	Limiter   *Limiter
	Workers   int
	ChunkSize int
	Store     func(Row) error
}

func (im *Importer) Run(rows []Row) (written int, failed int) {
	chunks := make(chan []Row)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < im.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for chunk := range chunks {
				ok, bad := im.storeChunk(chunk)
				mu.Lock()
				written += ok
				failed += bad
				mu.Unlock()
			}
		}()
	}
	for lo := 0; lo < len(rows); lo += im.ChunkSize {
		chunks <- rows[lo:min(lo+im.ChunkSize, len(rows))]
	}
	close(chunks)
	wg.Wait()
	return written, failed
}

func (im *Importer) storeChunk(chunk []Row) (ok, bad int) {
	for _, r := range chunk {
		if err := im.Store(r); err != nil {
			bad++
			continue
		}
		im.Limiter.Charge(strings.ToLower(r.Tenant), 1)
		ok++
	}
	return ok, bad
}
