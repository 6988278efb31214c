// Package app greets users by profile. It fails on purpose: the editor tests
// (scripts/editors.sh) investigate TestGreet. Lines are found by their
// marker comments, never by number.
package app

import "errors"

// Profile is a user's public data.
type Profile struct{ Name string }

// ErrNotFound is returned for unknown ids.
var ErrNotFound = errors.New("not found")

// Fetch returns the profile with that id.
func Fetch(id int) (*Profile, error) {
	if id > 10 {
		return nil, ErrNotFound
	}
	return &Profile{Name: "ada"}, nil
}

// Greet says hello to a user.
func Greet(id int) string {
	p, _ := Fetch(id)        // ROOT
	return "hello " + p.Name // CRASH
}
