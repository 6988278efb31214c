package worker

import "testing"

func TestRun(t *testing.T) {
	jobs := []Job{
		{Path: "cat.png", Width: 320},
		{Path: "dog.jpg", Width: 640},
		{Path: "notes.txt", Width: 100},
		{Path: "bird.png", Width: 1024},
	}
	results := Run(jobs, 2)
	if len(results) != len(jobs) {
		t.Fatalf("got %d results, want %d", len(results), len(jobs))
	}
	failed := 0
	for _, r := range results {
		if r.Err != nil {
			failed++
		}
	}
	if failed != 1 {
		t.Errorf("got %d failed jobs, want 1", failed)
	}
}
