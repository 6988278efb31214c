package rootcause

import "github.com/sleuth-dev/sleuth/analysis/report"

// Explain words the evidence explanation of rep's failure from suspects
// ranked elsewhere (by experiments): the top suspect's chain.
func Explain(rep *report.Report, sus []report.Suspect) report.Explanation { return explain(rep, sus) }
