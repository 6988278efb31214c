package spf

import (
	"errors"
	"strings"
)

var ErrNotSPF = errors.New("spf: not an SPF record")

type Record struct {
	Directives []Directive
	Redirect   string
}

// Parse parses the TXT record of a domain (RFC 7208 section 4.6).
func Parse(txt string) (*Record, error) {
	terms := strings.Split(strings.TrimSpace(txt), " ") // ROOT
	if !strings.EqualFold(terms[0], "v=spf1") {
		return nil, ErrNotSPF
	}
	r := &Record{}
	for _, t := range terms[1:] {
		if v, ok := strings.CutPrefix(strings.ToLower(t), "redirect="); ok {
			r.Redirect = v
			continue
		}
		d, err := parseDirective(t)
		if err != nil {
			return nil, err
		}
		r.Directives = append(r.Directives, d)
	}
	return r, nil
}
