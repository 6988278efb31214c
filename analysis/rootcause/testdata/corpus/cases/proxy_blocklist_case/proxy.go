package gateway

import (
	"net/http"
	"net/url"
)

type Proxy struct {
	upstream *url.URL
	filter   headerFilter
	add      map[string]string
}

func New(cfg Config) (*Proxy, error) {
	u, err := url.Parse(cfg.Upstream)
	if err != nil {
		return nil, err
	}
	return &Proxy{upstream: u, filter: newHeaderFilter(cfg.StripHeaders), add: cfg.AddHeaders}, nil
}

// Outbound builds the request sent to the upstream for an incoming request.
func (p *Proxy) Outbound(in *http.Request) *http.Request {
	u := *p.upstream
	u.Path = singleJoin(u.Path, in.URL.Path)
	u.RawQuery = in.URL.RawQuery
	out := &http.Request{
		Method: in.Method,
		URL:    &u,
		Header: p.filter.apply(in.Header),
		Body:   in.Body,
		Host:   u.Host,
	}
	for k, v := range p.add {
		out.Header.Set(k, v)
	}
	if ip := in.RemoteAddr; ip != "" {
		out.Header.Add("X-Forwarded-For", ip)
	}
	return out
}

func singleJoin(a, b string) string {
	switch {
	case a == "" || a == "/":
		return b
	case b == "" || b == "/":
		return a
	case a[len(a)-1] == '/' && b[0] == '/':
		return a + b[1:]
	case a[len(a)-1] != '/' && b[0] != '/':
		return a + "/" + b
	}
	return a + b
}
