package rootcause

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/capture"
	"github.com/sleuth-dev/sleuth/analysis/report"
	"github.com/sleuth-dev/sleuth/internal/testenv"
)

// TestDataRaceUnlockedSide captures a real -race report and expects the
// access made without the lock the other side holds on top.
func TestDataRaceUnlockedSide(t *testing.T) {
	testenv.NeedsDelve(t)
	dir, _ := filepath.Abs("testdata/races")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rep, err := capture.Run(ctx, capture.Options{Dir: dir, Packages: []string{"."}, Race: true,
		CacheDir: filepath.Join(os.TempDir(), "sleuth-test-cache"), Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failure == nil || rep.Failure.Kind != report.KindDataRace {
		t.Fatalf("failure = %+v", rep.Failure)
	}
	sus, _, err := Analyze(ctx, rep)
	if err != nil {
		t.Fatal(err)
	}
	if r := Rank(sus, RootMarkers(dir)); r != 1 {
		t.Errorf("root ranked %d; suspects %+v", r, sus[:min(3, len(sus))])
	}
}
