package offbyone_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/sleuth-dev/sleuth/analysis/passes/offbyone"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), offbyone.Analyzer, "a")
}
