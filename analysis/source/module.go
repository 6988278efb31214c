package source

import (
	"os"
	"path/filepath"
)

// ModuleRoot returns the directory of the go.mod at or above dir, made
// absolute; dir itself (absolute) when there is none.
func ModuleRoot(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return dir
	}
	for d := abs; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return abs
		}
		d = parent
	}
}
