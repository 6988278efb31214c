package apiclient

const requestIDHeader = "X-Request-Id"

// stampTrace attaches the request ID used to correlate logs across services.
func stampTrace(r *Request, id string) {
	if id == "" {
		return
	}
	r.Header[requestIDHeader] = id // CRASH
}
