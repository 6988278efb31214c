package spf

import (
	"fmt"
	"net/netip"
	"strings"
)

type Result string

const (
	Pass     Result = "pass"
	Fail     Result = "fail"
	SoftFail Result = "softfail"
	Neutral  Result = "neutral"
)

// Directive is one mechanism with its qualifier, e.g. "-all" or "ip4:192.0.2.0/24".
type Directive struct {
	Result    Result
	Mechanism string
	Value     string
	Prefix    netip.Prefix
}

func qualifier(term string) (Result, string) {
	switch term[0] { // CRASH
	case '+':
		return Pass, term[1:]
	case '-':
		return Fail, term[1:]
	case '~':
		return SoftFail, term[1:]
	case '?':
		return Neutral, term[1:]
	}
	return Pass, term
}

func parseDirective(term string) (Directive, error) {
	res, rest := qualifier(term)
	mech, val, _ := strings.Cut(rest, ":")
	d := Directive{Result: res, Mechanism: strings.ToLower(mech), Value: val}
	switch d.Mechanism {
	case "ip4", "ip6":
		if !strings.Contains(val, "/") {
			if d.Mechanism == "ip4" {
				val += "/32"
			} else {
				val += "/128"
			}
		}
		p, err := netip.ParsePrefix(val)
		if err != nil {
			return d, fmt.Errorf("spf: %s: %w", term, err)
		}
		d.Prefix = p
	case "all", "include", "a", "mx", "exists":
	default:
		return d, fmt.Errorf("spf: unknown mechanism %q", mech)
	}
	return d, nil
}
