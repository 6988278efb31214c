package pcstat

// percent returns part as a whole-number percentage of whole.
func percent(part, whole int64) int64 {
	if whole <= 0 {
		return 0
	}
	return part / whole * 100 // ROOT
}

// pages returns how many pages of pageSize bytes a file of size bytes spans.
func pages(size, pageSize int64) int64 {
	return (size + pageSize - 1) / pageSize
}
