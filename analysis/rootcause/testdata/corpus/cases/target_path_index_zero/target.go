package targets

import (
	"errors"
	"strings"
)

// Defaults fill in the parts a static target leaves out.
type Defaults struct {
	Addr string // host:port
	Port string
	Path string
}

type Target struct {
	Addr string
	Path string
}

func (t Target) URL(scheme string) string { return scheme + "://" + t.Addr + t.Path }

var ErrEmpty = errors.New("targets: empty target")

// Parse expands a static target such as "db-1", "db-1:9187/metrics" or
// "/federate" using the job defaults.
func Parse(spec string, d Defaults) (Target, error) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return Target{}, ErrEmpty
	}
	addr, path := splitTarget(spec)
	if addr == "" {
		addr = d.Addr
	} else if !hasPort(addr) && d.Port != "" {
		addr += ":" + d.Port
	}
	if path == "" {
		path = d.Path
	}
	return Target{Addr: addr, Path: path}, nil
}
