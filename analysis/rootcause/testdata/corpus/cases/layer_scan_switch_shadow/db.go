package pkgscan

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
)

type Package struct {
	Name    string
	Version string
}

// Database is the package database found in a layer.
type Database struct {
	Format   string
	Packages []Package
}

// parseDpkg reads var/lib/dpkg/status: stanzas separated by blank lines.
func parseDpkg(b []byte) (*Database, error) {
	db := &Database{Format: "dpkg"}
	var cur Package
	sc := bufio.NewScanner(bytes.NewReader(b))
	flush := func() {
		if cur.Name != "" {
			db.Packages = append(db.Packages, cur)
		}
		cur = Package{}
	}
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			flush()
			continue
		}
		k, v, ok := strings.Cut(line, ": ")
		if !ok {
			continue
		}
		switch k {
		case "Package":
			cur.Name = v
		case "Version":
			cur.Version = v
		}
	}
	flush()
	return db, sc.Err()
}

// parseAPK reads lib/apk/db/installed: "P:" name and "V:" version lines.
func parseAPK(b []byte) (*Database, error) {
	db := &Database{Format: "apk"}
	var cur Package
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(line, "P:"):
			cur.Name = line[2:]
		case strings.HasPrefix(line, "V:"):
			cur.Version = line[2:]
		case line == "" && cur.Name != "":
			db.Packages = append(db.Packages, cur)
			cur = Package{}
		}
	}
	if cur.Name != "" {
		db.Packages = append(db.Packages, cur)
	}
	if len(db.Packages) == 0 {
		return nil, fmt.Errorf("pkgscan: empty apk database")
	}
	return db, nil
}
