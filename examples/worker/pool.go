// Package worker resizes images (simulated) with a fixed pool of workers.
//
// Try it: `go test -timeout 5s ./worker` hangs until the test timeout fires.
// The goroutine dump shows collect blocked receiving from the results
// channel — but collect is correct. The bug is in Run: nothing ever closes
// results, so collect's range loop waits forever for more.
package worker

import (
	"fmt"
	"strings"
	"sync"
)

// Job asks for one image to be resized.
type Job struct {
	Path  string
	Width int
}

// Result is the outcome of one job.
type Result struct {
	Path   string
	Output string
	Err    error
}

// resize pretends to resize an image and returns the output path.
func resize(j Job) (string, error) {
	if !strings.HasSuffix(j.Path, ".png") && !strings.HasSuffix(j.Path, ".jpg") {
		return "", fmt.Errorf("resize %s: unsupported format", j.Path)
	}
	return fmt.Sprintf("%s@%dw", j.Path, j.Width), nil
}

// worker processes jobs until the jobs channel is closed.
func worker(jobs <-chan Job, results chan<- Result, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		out, err := resize(j)
		results <- Result{Path: j.Path, Output: out, Err: err}
	}
}

// Run resizes all jobs using n workers and returns the results.
func Run(jobs []Job, n int) []Result {
	jobCh := make(chan Job)
	results := make(chan Result, len(jobs))

	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go worker(jobCh, results, &wg)
	}

	go func() {
		for _, j := range jobs {
			jobCh <- j
		}
		close(jobCh)
	}()

	// BUG: nobody closes results once the workers are done. The fix is:
	//
	//	go func() { wg.Wait(); close(results) }()
	//
	// Without it, collect receives every result and then blocks forever
	// waiting for one more.
	return collect(results)
}

// collect gathers results until the channel is closed.
func collect(results <-chan Result) []Result {
	var all []Result
	for r := range results { // blocks forever: results is never closed
		all = append(all, r)
	}
	return all
}
