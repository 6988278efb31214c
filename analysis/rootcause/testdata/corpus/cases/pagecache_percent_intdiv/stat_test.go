package pcstat

import "testing"

func resident(n, cached int) []bool {
	r := make([]bool, n)
	for i := 0; i < cached; i++ {
		r[i] = true
	}
	return r
}

func TestRow(t *testing.T) {
	tests := []struct {
		stat FileStat
		want string
	}{
		{FileStat{"hot.db", 40960, resident(10, 10)}, "| hot.db       |      40960 |     10 |     10 | 100% |"},
		{FileStat{"cold.log", 8192, resident(2, 0)}, "| cold.log     |       8192 |      2 |      0 |   0% |"},
		{FileStat{"index.bin", 409600, resident(100, 87)}, "| index.bin    |     409600 |    100 |     87 |  87% |"},
	}
	for _, tt := range tests {
		if got := tt.stat.Row(); got != tt.want {
			t.Errorf("Row(%s)\n got %s\nwant %s", tt.stat.Name, got, tt.want) // CRASH
		}
	}
}

func TestPages(t *testing.T) {
	if pages(1, 4096) != 1 || pages(4096, 4096) != 1 || pages(4097, 4096) != 2 {
		t.Error("pages")
	}
}
