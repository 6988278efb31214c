package pkgscan

import (
	"fmt"
	"sort"
)

func loadDB(l Layer) (*Database, error) {
	var db *Database
	var err error
	switch l.Distro {
	case "alpine":
		var raw []byte
		raw, err = l.file("lib/apk/db/installed")
		if err == nil {
			db, err = parseAPK(raw)
		}
	case "debian", "ubuntu":
		var status []byte
		status, err := l.file("var/lib/dpkg/status") // ROOT
		if err == nil {
			db, err = parseDpkg(status)
		}
	default:
		return nil, fmt.Errorf("pkgscan: unsupported distro %q", l.Distro)
	}
	if err != nil {
		return nil, err
	}
	return db, nil
}

// Inventory lists the packages installed in a layer as "name=version",
// sorted by name.
func Inventory(l Layer) ([]string, error) {
	db, err := loadDB(l)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(db.Packages)) // CRASH
	for _, p := range db.Packages {
		out = append(out, p.Name+"="+p.Version)
	}
	sort.Strings(out)
	return out, nil
}
