package spf

import "net/netip"

// CheckIP evaluates the address-based mechanisms of a record. Mechanisms
// that need DNS lookups are skipped.
func CheckIP(txt string, ip netip.Addr) (Result, error) {
	r, err := Parse(txt)
	if err != nil {
		return "", err
	}
	for _, d := range r.Directives {
		switch d.Mechanism {
		case "ip4", "ip6":
			if d.Prefix.Contains(ip) {
				return d.Result, nil
			}
		case "all":
			return d.Result, nil
		}
	}
	return Neutral, nil
}
