package investigate

import (
	"regexp"

	"github.com/sleuth-dev/sleuth/analysis/redact"
	"github.com/sleuth-dev/sleuth/analysis/report"
)

// Redact masks secrets in rep in place with sleuth's one redactor: the
// built-in rules always (even when patterns is empty), every match of the
// user's patterns, and the values rep shows to be secret wherever they
// appear, all with redact.Mask. See redact.Redactor.Redact for what is
// covered.
func Redact(rep *report.Report, patterns []*regexp.Regexp) {
	redact.With(patterns).Redact(rep)
}
