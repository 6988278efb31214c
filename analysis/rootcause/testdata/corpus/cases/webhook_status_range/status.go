package webhook

import "net/http"

// delivered reports whether the receiver accepted the delivery.
func delivered(code int) bool {
	return code >= http.StatusOK && code <= http.StatusMultipleChoices // ROOT
}

// retryLater reports whether a failed delivery goes back on the queue.
func retryLater(code int) bool {
	return code == http.StatusTooManyRequests || code == http.StatusRequestTimeout || code >= 500
}
