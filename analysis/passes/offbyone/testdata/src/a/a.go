package a

func sum(xs []int) int {
	total := 0
	for i := 0; i <= len(xs); i++ { // want `loop condition i <= len\(xs\) lets i reach len\(xs\): xs\[i\] at line 6 then panics with index out of range \(use <\)`
		total += xs[i]
	}
	return total
}

func flipped(s string) int {
	n := 0
	for i := 0; len(s) >= i; i++ { // want `loop condition len\(s\) >= i lets i reach len\(s\)`
		if s[i] == 'a' {
			n++
		}
	}
	return n
}

type ring struct {
	buf []int
	pos int
}

func (r *ring) add(v int) {
	r.buf[r.pos] = v
	r.pos++
	if r.pos > len(r.buf) { // want `wrap check r.pos > len\(r.buf\) keeps r.pos == len\(r.buf\): r.buf\[r.pos\] at line 27 then panics with index out of range \(use >=\)`
		r.pos = 0
	}
}

func last(xs []string) string {
	return xs[len(xs)] // want `xs\[len\(xs\)\] is always out of range and panics; the last element is xs\[len\(xs\)-1\]`
}

// Correct code: none of these is reported.

func sumOK(xs []int) int {
	total := 0
	for i := 0; i < len(xs); i++ {
		total += xs[i]
	}
	return total
}

func inclusiveNoIndex(xs []int) int {
	n := 0
	for i := 0; i <= len(xs); i++ {
		n += i
	}
	return n
}

func inclusiveShifted(xs []int) int {
	n := 0
	for i := 1; i <= len(xs); i++ {
		n += xs[i-1]
	}
	return n
}

func guarded(xs []int) int {
	n := 0
	for i := 0; i <= len(xs); i++ {
		if i == len(xs) {
			break
		}
		n += xs[i]
	}
	return n
}

func (r *ring) addOK(v int) {
	r.buf[r.pos] = v
	r.pos++
	if r.pos >= len(r.buf) {
		r.pos = 0
	}
}

type counter struct {
	limit []int
	n     int
}

// n never indexes limit, so the > check is only a threshold.
func (c *counter) tick() {
	c.n++
	if c.n > len(c.limit) {
		c.n = 0
	}
}

func lastOK(xs []string) string { return xs[len(xs)-1] }

func tail(xs []string) []string { return xs[len(xs):] }

func mapKey(m map[int]string) string { return m[len(m)] }

func other(xs, ys []int) int { return xs[len(ys)] }
