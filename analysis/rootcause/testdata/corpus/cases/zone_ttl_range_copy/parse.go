package zone

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"
)

const fallbackTTL = 3600

// Parse reads a minimal zone file: "$ORIGIN", "$TTL" and lines of the form
// "<name> <type> <value> [ttl]".
func Parse(text string) (*Zone, error) {
	z := &Zone{DefaultTTL: fallbackTTL}
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if i := strings.IndexByte(line, ';'); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" {
			continue
		}
		f := strings.Fields(line)
		switch f[0] {
		case "$ORIGIN":
			z.Origin = strings.TrimSuffix(f[1], ".") + "."
			continue
		case "$TTL":
			ttl, err := strconv.ParseUint(f[1], 10, 32)
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", n, err)
			}
			z.DefaultTTL = uint32(ttl)
			continue
		}
		if len(f) < 3 {
			return nil, fmt.Errorf("line %d: want name, type and value", n)
		}
		r := Record{Name: z.qualify(f[0]), Type: strings.ToUpper(f[1]), Value: f[2]}
		if len(f) > 3 {
			ttl, err := strconv.ParseUint(f[3], 10, 32)
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", n, err)
			}
			r.TTL = uint32(ttl)
		}
		z.Records = append(z.Records, r)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	z.finish()
	return z, nil
}
