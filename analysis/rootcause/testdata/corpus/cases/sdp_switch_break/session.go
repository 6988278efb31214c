package sdp

import (
	"errors"
	"strings"
)

type Session struct {
	Version string
	Origin  string
	Name    string
	Media   []Media
}

var ErrNoVersion = errors.New("sdp: missing v= line")

// Parse reads a session description (RFC 8866).
func Parse(text string) (*Session, error) {
	lines := strings.Split(strings.ReplaceAll(strings.TrimSpace(text), "\r\n", "\n"), "\n")
	s := &Session{}
	for i := 0; i < len(lines); {
		key, val, _ := strings.Cut(lines[i], "=")
		switch key {
		case "v":
			s.Version = val
		case "o":
			s.Origin = val
		case "s":
			s.Name = val
		case "m":
			var m Media
			m, i = parseMedia(lines, i)
			s.Media = append(s.Media, m)
			continue
		}
		i++
	}
	if s.Version == "" {
		return nil, ErrNoVersion
	}
	return s, nil
}
