package gateway

import (
	"net/http"
	"strings"
)

// hopByHop lists the connection-level headers that are never forwarded.
var hopByHop = []string{
	"connection", "keep-alive", "proxy-authorization", "te", "trailer",
	"transfer-encoding", "upgrade",
}

type headerFilter struct {
	blocked map[string]bool
}

func (f headerFilter) allows(name string) bool {
	return !f.blocked[strings.ToLower(name)]
}

func (f headerFilter) apply(in http.Header) http.Header {
	out := make(http.Header, len(in))
	for k, v := range in {
		if f.allows(k) {
			out[k] = append([]string(nil), v...)
		}
	}
	return out
}
