package lineedit

// history is a ring buffer of the most recently entered lines.
type history struct {
	entries []string
	head    int // index of the newest entry
	size    int
}

func newHistory(max int) *history {
	return &history{entries: make([]string, max), head: max - 1}
}

func (h *history) Add(line string) {
	h.head = (h.head + 1) % len(h.entries)
	h.entries[h.head] = line
	if h.size < len(h.entries) {
		h.size++
	}
}

// NthPreviousEntry returns the line entered n lines ago; 0 is the newest.
func (h *history) NthPreviousEntry(n int) (string, bool) {
	if n >= h.size {
		return "", false
	}
	i := h.head - n
	if i < 0 {
		i += len(h.entries)
	}
	return h.entries[i], true // CRASH
}
