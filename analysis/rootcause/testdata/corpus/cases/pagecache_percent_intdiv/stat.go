package pcstat

import (
	"fmt"
	"strings"
)

const pageSize = 4096

// FileStat is the page-cache residency of one file, as reported by mincore.
type FileStat struct {
	Name     string
	Size     int64
	Resident []bool
}

func (f FileStat) Cached() int64 {
	var n int64
	for _, r := range f.Resident {
		if r {
			n++
		}
	}
	return n
}

// Row renders one line of the residency table.
func (f FileStat) Row() string {
	total := pages(f.Size, pageSize)
	cached := f.Cached()
	return fmt.Sprintf("| %-12s | %10d | %6d | %6d | %3d%% |", f.Name, f.Size, total, cached, percent(cached, total))
}

func Table(stats []FileStat) string {
	var b strings.Builder
	for _, s := range stats {
		b.WriteString(s.Row())
		b.WriteByte('\n')
	}
	return b.String()
}
