package apiclient

import "net/http"

// cloneHeaders copies h so that per-request headers never leak into
// the client's defaults.
func cloneHeaders(h map[string]string) map[string]string {
	if len(h) == 0 {
		return nil // ROOT
	}
	out := make(map[string]string, len(h)+2)
	for k, v := range h {
		out[http.CanonicalHeaderKey(k)] = v
	}
	return out
}
