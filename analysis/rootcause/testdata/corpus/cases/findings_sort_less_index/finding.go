package scan

import "strings"

type Severity int

const (
	Unknown Severity = iota
	Low
	Medium
	High
	Critical
)

func (s Severity) String() string {
	return [...]string{"UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL"}[s]
}

func ParseSeverity(s string) Severity {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "LOW":
		return Low
	case "MEDIUM", "MODERATE":
		return Medium
	case "HIGH", "IMPORTANT":
		return High
	case "CRITICAL":
		return Critical
	}
	return Unknown
}

// Finding is one vulnerability matched against an installed package.
type Finding struct {
	ID       string
	Package  string
	Version  string
	Severity Severity
}
