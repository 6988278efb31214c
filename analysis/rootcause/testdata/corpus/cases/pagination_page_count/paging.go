package export

// pageCount returns how many pages of size rows are needed for total rows.
func pageCount(total, size int) int {
	if size <= 0 || total <= 0 {
		return 0
	}
	return total/size + 1 // ROOT
}

// pageBounds returns the half-open row range [lo, hi) of page p.
func pageBounds(p, size, total int) (int, int) {
	lo := p * size
	hi := lo + size
	if hi > total {
		hi = total
	}
	return lo, hi
}
