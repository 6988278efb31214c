// Package dep is a dependency of app: the driver sees it only through
// export data, without syntax.
package dep

import "errors"

// Item is what Lookup finds.
type Item struct{ Name string }

// Lookup returns the item named k, or an error.
func Lookup(k string) (*Item, error) {
	if k == "" {
		return nil, errors.New("dep: empty key")
	}
	return &Item{Name: k}, nil
}
