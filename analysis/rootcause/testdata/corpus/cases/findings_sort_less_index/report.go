package scan

import (
	"fmt"
	"strings"
)

// Report renders findings as a plain-text table, most severe first.
func Report(fs []Finding) string {
	fs = dedupe(append([]Finding(nil), fs...))
	sortFindings(fs)
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%-8s %-16s %s@%s\n", f.Severity, f.ID, f.Package, f.Version)
	}
	return b.String()
}
