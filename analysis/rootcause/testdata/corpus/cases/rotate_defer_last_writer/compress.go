package logrotate

import (
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
)

// compressAll gzips every segment into dir and returns the archive paths.
func compressAll(segments []string, dir string) ([]string, error) {
	var (
		archives []string
		zw       *gzip.Writer
	)
	for _, seg := range segments {
		data, err := os.ReadFile(seg)
		if err != nil {
			return nil, err
		}
		dst := filepath.Join(dir, filepath.Base(seg)+".gz")
		f, err := os.Create(dst)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		zw = gzip.NewWriter(f)
		zw.Name = filepath.Base(seg)
		defer func() { zw.Close() }() // ROOT
		if _, err := zw.Write(data); err != nil {
			return nil, fmt.Errorf("compress %s: %w", seg, err)
		}
		archives = append(archives, dst)
	}
	return archives, nil
}
