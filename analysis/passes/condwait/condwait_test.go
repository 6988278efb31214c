package condwait_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/sleuth-dev/sleuth/analysis/passes/condwait"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), condwait.Analyzer, "a")
}
