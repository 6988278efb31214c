package cfapi

import (
	"strconv"
	"strings"
)

// compareVersions compares dotted numeric versions such as "3.101.0";
// missing components count as zero.
func compareVersions(a, b string) int {
	as := strings.Split(strings.TrimPrefix(a, "v"), ".")
	bs := strings.Split(strings.TrimPrefix(b, "v"), ".")
	for i := 0; i < len(as) || i < len(bs); i++ {
		var x, y int
		if i < len(as) {
			x, _ = strconv.Atoi(as[i])
		}
		if i < len(bs) {
			y, _ = strconv.Atoi(bs[i])
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

// atLeast reports whether version v is min or newer.
func atLeast(v, min string) bool {
	return strings.TrimPrefix(v, "v") >= strings.TrimPrefix(min, "v") // ROOT
}
