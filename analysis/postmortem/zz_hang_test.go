package postmortem

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

func TestZZHang(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txt")
	var seeds [][]byte
	for _, f := range files {
		b, _ := os.ReadFile(f)
		seeds = append(seeds, b)
	}
	rng := rand.New(rand.NewSource(1))
	root := workspace(t, true, userFiles...)
	for iter := 0; iter < 300000; iter++ {
		b := append([]byte(nil), seeds[rng.Intn(len(seeds))]...)
		n := 1 + rng.Intn(4)
		for k := 0; k < n && len(b) > 0; k++ {
			i := rng.Intn(len(b))
			switch rng.Intn(5) {
			case 0:
				b[i] = byte(rng.Intn(256))
			case 1:
				b = append(b[:i], b[min(len(b), i+rng.Intn(20)):]...)
			case 2:
				j := rng.Intn(len(b))
				b = append(b[:i], append(append([]byte(nil), b[j:min(len(b), j+rng.Intn(40))]...), b[i:]...)...)
			case 3:
				b[i] = "\n\t ()@/:.0123456789"[rng.Intn(19)]
			case 4:
				b = b[:i]
			}
		}
		done := make(chan bool)
		go func() {
			select {
			case <-done:
			case <-time.After(3 * time.Second):
				os.WriteFile("/tmp/pmhang.txt", b, 0o644)
				buf := make([]byte, 1<<20)
				n := runtime.Stack(buf, true)
				fmt.Println(string(buf[:n]))
				os.Exit(3)
			}
		}()
		Parse(b, Options{})
		Parse(b, Options{Root: root})
		close(done)
	}
}
