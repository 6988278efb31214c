package passes

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/copylock"
	"golang.org/x/tools/go/analysis/passes/errorsas"
	"golang.org/x/tools/go/analysis/passes/loopclosure"
	"golang.org/x/tools/go/analysis/passes/lostcancel"
	"golang.org/x/tools/go/analysis/passes/nilness"
	"golang.org/x/tools/go/analysis/passes/unusedresult"

	"github.com/sleuth-dev/sleuth/analysis/passes/condwait"
	"github.com/sleuth-dev/sleuth/analysis/passes/ctorbypass"
	"github.com/sleuth-dev/sleuth/analysis/passes/discardederr"
	"github.com/sleuth-dev/sleuth/analysis/passes/doubleclose"
	"github.com/sleuth-dev/sleuth/analysis/passes/lockorder"
	"github.com/sleuth-dev/sleuth/analysis/passes/offbyone"
	"github.com/sleuth-dev/sleuth/analysis/passes/skippeddone"
	"github.com/sleuth-dev/sleuth/analysis/passes/unlockedmap"
)

// Default returns the analyzers sleuth runs on a failing test's packages:
// the x/tools passes whose findings explain runtime failures, then
// sleuth's own. The slice is new on each call; the analyzers are shared.
func Default() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		nilness.Analyzer,
		lostcancel.Analyzer,
		copylock.Analyzer,
		loopclosure.Analyzer,
		errorsas.Analyzer,
		unusedresult.Analyzer,

		discardederr.Analyzer,
		ctorbypass.Analyzer,
		offbyone.Analyzer,
		doubleclose.Analyzer,
		skippeddone.Analyzer,
		lockorder.Analyzer,
		condwait.Analyzer,
		unlockedmap.Analyzer,
	}
}
