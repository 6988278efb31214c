package batching

import "sync"

type Job struct {
	ID      string
	Payload []byte
}

// BatchQueue hands jobs to consumers in groups of up to batchSize so that
// downstream writes can be amortised.
type BatchQueue struct {
	mu        sync.Mutex
	cond      *sync.Cond
	items     []Job
	closed    bool
	batchSize int
}

func NewBatchQueue(batchSize int) *BatchQueue {
	q := &BatchQueue{batchSize: batchSize}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *BatchQueue) Put(j Job) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return false
	}
	q.items = append(q.items, j)
	if len(q.items) >= q.batchSize {
		q.cond.Signal()
	}
	return true
}

// Close stops accepting jobs; consumers drain what is left.
func (q *BatchQueue) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

// Next blocks until a batch is available. It returns false once the queue
// is closed and empty.
func (q *BatchQueue) Next() ([]Job, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) < q.batchSize { // ROOT
		q.cond.Wait() // CRASH
	}
	if len(q.items) == 0 {
		return nil, false
	}
	n := min(q.batchSize, len(q.items))
	batch := append([]Job(nil), q.items[:n]...)
	q.items = q.items[n:]
	return batch, true
}
