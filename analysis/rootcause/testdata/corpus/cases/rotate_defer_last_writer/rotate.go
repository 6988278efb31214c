package logrotate

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Rotator archives the rotated segments of one log file.
type Rotator struct {
	Dir        string // where the live log and its segments live
	Base       string // e.g. "app.log"; segments are "app.log.1", "app.log.2"...
	ArchiveDir string
}

func (r Rotator) segments() ([]string, error) {
	entries, err := os.ReadDir(r.Dir)
	if err != nil {
		return nil, err
	}
	var segs []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), r.Base+".") && !strings.HasSuffix(e.Name(), ".gz") {
			segs = append(segs, filepath.Join(r.Dir, e.Name()))
		}
	}
	sort.Strings(segs)
	return segs, nil
}

// Archive compresses every rotated segment and removes the originals.
func (r Rotator) Archive() ([]string, error) {
	segs, err := r.segments()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(r.ArchiveDir, 0o755); err != nil {
		return nil, err
	}
	archives, err := compressAll(segs, r.ArchiveDir)
	if err != nil {
		return nil, err
	}
	for _, s := range segs {
		if err := os.Remove(s); err != nil {
			return archives, err
		}
	}
	return archives, nil
}
