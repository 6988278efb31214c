package pkgscan

import (
	"errors"
	"fmt"
)

// Layer is an unpacked image layer.
type Layer struct {
	Digest string
	Distro string
	Files  map[string][]byte
}

var ErrMissingFile = errors.New("pkgscan: file not in layer")

func (l Layer) file(path string) ([]byte, error) {
	b, ok := l.Files[path]
	if !ok {
		return nil, fmt.Errorf("%s: %s: %w", l.Digest, path, ErrMissingFile)
	}
	return b, nil
}
