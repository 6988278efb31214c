package batching

// Drain consumes batches until the queue is closed and empty, passing each
// to write. It returns the number of jobs written.
func Drain(q *BatchQueue, write func([]Job) error) (int, error) {
	total := 0
	for {
		batch, ok := q.Next()
		if !ok {
			return total, nil
		}
		if err := write(batch); err != nil {
			return total, err
		}
		total += len(batch)
	}
}
