package acl

import (
	"path"
	"strings"
)

type Action int

const (
	Deny Action = iota
	Allow
)

func (a Action) String() string {
	if a == Allow {
		return "allow"
	}
	return "deny"
}

// Rule matches requests by method and path glob ("*" matches one segment,
// a trailing "/**" matches any suffix).
type Rule struct {
	Methods []string
	Pattern string
	Action  Action
}

func (r Rule) matches(method, p string) bool {
	if len(r.Methods) > 0 {
		ok := false
		for _, m := range r.Methods {
			if strings.EqualFold(m, method) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	if prefix, ok := strings.CutSuffix(r.Pattern, "/**"); ok {
		return p == prefix || strings.HasPrefix(p, prefix+"/")
	}
	m, _ := path.Match(r.Pattern, p)
	return m
}
