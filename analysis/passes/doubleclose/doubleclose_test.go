package doubleclose_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/sleuth-dev/sleuth/analysis/passes/doubleclose"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), doubleclose.Analyzer, "a")
}
