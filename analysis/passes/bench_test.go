package passes_test

import (
	"context"
	"testing"

	"github.com/sleuth-dev/sleuth/analysis/passes"
)

// BenchmarkRunDefault measures Run with Default on the testdata module,
// which is loaded once outside the loop: the cost sleuth adds to an
// analysis whose packages are already loaded.
func BenchmarkRunDefault(b *testing.B) {
	pkgs := load(b)
	analyzers := passes.Default()
	for b.Loop() {
		if _, err := passes.Run(context.Background(), pkgs, analyzers); err != nil {
			b.Fatal(err)
		}
	}
}
