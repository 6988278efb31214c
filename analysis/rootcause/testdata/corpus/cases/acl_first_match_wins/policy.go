package acl

import "path"

// Policy is an ordered list of rules with a fallback action.
type Policy struct {
	Rules   []Rule
	Default Action
}

func (p Policy) decide(method, reqPath string) Action {
	action := p.Default
	for _, r := range p.Rules {
		if r.matches(method, reqPath) {
			action = r.Action // ROOT
		}
	}
	return action
}

// Check cleans the request path and returns the decision for it.
func (p Policy) Check(method, reqPath string) Action {
	if reqPath == "" {
		reqPath = "/"
	}
	return p.decide(method, path.Clean("/"+reqPath))
}
