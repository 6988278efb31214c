// Command sleuth runs a failing Go test or program under Delve, captures the
// state at the failure and reports it. See README.md.
package main

import (
	"os"

	"github.com/sleuth-dev/sleuth/analysis/capture"
)

func main() {
	capture.MaybeWorker()
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
