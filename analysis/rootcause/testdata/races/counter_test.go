package races

import (
	"sync"
	"testing"
)

func TestRotateWhileCounting(t *testing.T) {
	var h Hits
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 1000 {
			h.Add()
		}
	}()
	total := 0
	for range 10 {
		total += h.Rotate()
	}
	wg.Wait()
	total += h.Rotate()
	if total != 1000 {
		t.Errorf("total = %d", total)
	}
}
