package skippeddone_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/sleuth-dev/sleuth/analysis/passes/skippeddone"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), skippeddone.Analyzer, "a")
}
