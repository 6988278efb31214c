package ctorbypass_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/sleuth-dev/sleuth/analysis/passes/ctorbypass"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), ctorbypass.Analyzer, "a")
}
