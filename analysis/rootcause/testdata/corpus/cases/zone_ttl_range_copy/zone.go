package zone

import "strings"

type Record struct {
	Name  string
	Type  string
	Value string
	TTL   uint32
}

type Zone struct {
	Origin     string
	DefaultTTL uint32
	Records    []Record
}

// qualify turns a relative owner name into a fully qualified one.
func (z *Zone) qualify(name string) string {
	switch {
	case name == "@":
		return z.Origin
	case strings.HasSuffix(name, "."):
		return name
	}
	return name + "." + z.Origin
}

// finish applies the zone-wide settings to records parsed before $TTL was
// known.
func (z *Zone) finish() {
	for _, r := range z.Records { // ROOT
		if r.TTL == 0 {
			r.TTL = z.DefaultTTL
		}
	}
}

// Lookup returns the records of the given type owned by name.
func (z *Zone) Lookup(name, typ string) []Record {
	fq := z.qualify(name)
	var out []Record
	for _, r := range z.Records {
		if r.Name == fq && r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}
