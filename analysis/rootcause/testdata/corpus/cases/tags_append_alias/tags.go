package telemetry

import "strings"

// Tagger holds the tags every series from this process carries.
type Tagger struct {
	base []string
}

func NewTagger(service, env string, extra ...string) *Tagger {
	base := make([]string, 0, 8)
	base = append(base, "service:"+service, "env:"+env)
	for _, e := range extra {
		if e = strings.TrimSpace(e); e != "" {
			base = append(base, e)
		}
	}
	return &Tagger{base: base}
}

// With returns the base tags followed by tags.
func (t *Tagger) With(tags ...string) []string {
	return append(t.base, tags...) // ROOT
}
