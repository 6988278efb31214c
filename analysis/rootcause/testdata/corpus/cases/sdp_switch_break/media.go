package sdp

import "strings"

// Media is one "m=" section of a session description.
type Media struct {
	Kind       string // audio, video, application
	Port       string
	Proto      string
	Formats    []string
	Connection string
	Attributes []string
}

func (m Media) Attribute(name string) (string, bool) {
	for _, a := range m.Attributes {
		k, v, _ := strings.Cut(a, ":")
		if k == name {
			return v, true
		}
	}
	return "", false
}

// parseMedia reads the section that starts at lines[start] and returns it
// with the index of the first line after it.
func parseMedia(lines []string, start int) (Media, int) {
	f := strings.Fields(strings.TrimPrefix(lines[start], "m="))
	m := Media{}
	if len(f) >= 3 {
		m.Kind, m.Port, m.Proto, m.Formats = f[0], f[1], f[2], f[3:]
	}
	i := start + 1
	for ; i < len(lines); i++ {
		key, val, _ := strings.Cut(lines[i], "=")
		switch key {
		case "m":
			break // ROOT
		case "c":
			m.Connection = val
		case "a":
			m.Attributes = append(m.Attributes, val)
		}
	}
	return m, i
}
