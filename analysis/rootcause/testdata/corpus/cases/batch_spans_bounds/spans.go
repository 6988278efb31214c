package eventsink

// span is a half-open range [lo, hi) into a slice of events.
type span struct {
	lo, hi int
}

// batchSpans splits n items into consecutive spans of at most size items.
func batchSpans(n, size int) []span {
	if size <= 0 {
		size = n
	}
	var spans []span
	for lo := 0; lo < n; lo += size {
		spans = append(spans, span{lo: lo, hi: lo + size}) // ROOT
	}
	return spans
}
