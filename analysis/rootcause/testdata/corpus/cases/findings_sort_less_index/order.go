package scan

import "sort"

// sortFindings orders findings by decreasing severity, then by ID, so that
// reports are stable across runs.
func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Severity != fs[j].Severity {
			return fs[i].Severity > fs[j].Severity
		}
		return fs[i].ID < fs[i].ID // ROOT
	})
}

// dedupe drops repeated (ID, Package) pairs, keeping the first.
func dedupe(fs []Finding) []Finding {
	seen := make(map[[2]string]bool, len(fs))
	out := fs[:0]
	for _, f := range fs {
		k := [2]string{f.ID, f.Package}
		if !seen[k] {
			seen[k] = true
			out = append(out, f)
		}
	}
	return out
}
