// Package clamp cuts pages out of result lists.
package clamp

// lastIndex is the index of the last item of a page of size starting at
// from, in a list of n items.
func lastIndex(from, size, n int) int {
	last := from + size - 1
	if last > n {
		last = n
	}
	return last
}

// Page returns the items of the page of size starting at from.
func Page(items []string, from, size int) []string {
	if from >= len(items) {
		return nil
	}
	return items[from : lastIndex(from, size, len(items))+1]
}
