package router

import (
	"fmt"
	"strings"
)

type segment struct {
	literal string
	param   string
}

// Route is a compiled path pattern such as /orders/{id}.
type Route struct {
	Pattern  string
	segments []segment
}

func compileRoute(pattern string) (*Route, error) {
	if !strings.HasPrefix(pattern, "/") {
		return nil, fmt.Errorf("route %q: must start with /", pattern)
	}
	r := &Route{Pattern: pattern}
	for i, part := range strings.Split(strings.TrimPrefix(pattern, "/"), "/") {
		switch {
		case part == "":
			return nil, fmt.Errorf("route %q: empty segment at position %d", pattern, i)
		case strings.HasPrefix(part, "{") && strings.HasSuffix(part, "}"):
			r.segments = append(r.segments, segment{param: part[1 : len(part)-1]})
		case strings.ContainsAny(part, "{}"):
			return nil, fmt.Errorf("route %q: malformed parameter %q", pattern, part)
		default:
			r.segments = append(r.segments, segment{literal: part})
		}
	}
	return r, nil
}

// MustCompileRoute is for patterns fixed at startup.
func MustCompileRoute(pattern string) *Route {
	r, err := compileRoute(pattern)
	if err != nil {
		panic(fmt.Sprintf("router: %v", err)) // CRASH
	}
	return r
}

// Match reports whether path matches and returns the bound parameters.
func (r *Route) Match(path string) (map[string]string, bool) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) != len(r.segments) {
		return nil, false
	}
	params := make(map[string]string)
	for i, s := range r.segments {
		if s.param != "" {
			params[s.param] = parts[i]
		} else if s.literal != parts[i] {
			return nil, false
		}
	}
	return params, true
}
