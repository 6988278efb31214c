package targets

import "strings"

// splitTarget splits "host:port/path" into its address and path parts.
func splitTarget(s string) (addr, path string) {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "http://"), "https://")
	if n := strings.IndexByte(s, '/'); n > 0 { // ROOT
		return s[:n], s[n:]
	}
	return s, ""
}

func hasPort(addr string) bool {
	i := strings.LastIndexByte(addr, ':')
	return i >= 0 && i > strings.LastIndexByte(addr, ']')
}
