package discardederr_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/sleuth-dev/sleuth/analysis/passes/discardederr"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), discardederr.Analyzer, "a")
}
