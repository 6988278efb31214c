package rootcause

import (
	"go/constant"
	"strconv"
	"strings"
)

// This file reads the values Delve rendered ("pkg.T {A: 1, B: "x"}") well
// enough to compare a failed check's operands field by field.

// fieldsOf splits a rendered struct value into its top-level fields, in
// order. It returns nil for anything that is not a struct rendering.
func fieldsOf(v string) [][2]string {
	open := strings.IndexByte(v, '{')
	if open < 0 || strings.HasPrefix(v, "map[") || strings.HasPrefix(v, "[]") {
		return nil
	}
	body := v[open+1:]
	if i := matching(body); i >= 0 {
		body = body[:i]
	}
	var out [][2]string
	for _, part := range splitTop(body) {
		name, val, ok := strings.Cut(part, ": ")
		if !ok || strings.ContainsAny(name, " ({[\"") {
			return nil
		}
		out = append(out, [2]string{name, strings.TrimSpace(val)})
	}
	return out
}

// field returns the rendered value of the dotted path inside v.
func field(v string, path []string) (string, bool) {
	for _, name := range path {
		found := false
		for _, f := range fieldsOf(v) {
			if f[0] == name {
				v, found = f[1], true
				break
			}
		}
		if !found {
			return "", false
		}
	}
	return v, true
}

// scanTop calls visit for each byte of s outside quoted strings, with
// the nesting depth of brackets before it, until visit returns false.
func scanTop(s string, visit func(i, depth int) bool) {
	depth, quoted := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quoted:
			if c == '\\' {
				i++
			} else if c == '"' {
				quoted = false
			}
			continue
		case c == '"':
			quoted = true
			continue
		}
		if !visit(i, depth) {
			return
		}
		switch c {
		case '{', '[', '(':
			depth++
		case '}', ']', ')':
			depth--
		}
	}
}

// matching returns the index of the brace closing an already opened one.
func matching(s string) int {
	at := -1
	scanTop(s, func(i, depth int) bool {
		if depth == 0 && (s[i] == '}' || s[i] == ']' || s[i] == ')') {
			at = i
			return false
		}
		return true
	})
	return at
}

// splitTop splits s at the commas that are not nested or quoted.
func splitTop(s string) []string {
	var out []string
	start := 0
	scanTop(s, func(i, depth int) bool {
		if depth == 0 && s[i] == ',' {
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
		return true
	})
	if rest := strings.TrimSpace(s[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// scalar reduces a rendered scalar to a comparable form: numbers as they
// read (a named constant's "name (5000000000)" gives its number), strings
// unquoted. ok is false for truncated or composite values.
func scalar(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if strings.HasSuffix(v, "…") || strings.HasSuffix(v, "...") {
		return "", false
	}
	if i := strings.LastIndexByte(v, '('); i > 0 && strings.HasSuffix(v, ")") {
		inner := v[i+1 : len(v)-1]
		if _, err := strconv.ParseFloat(inner, 64); err == nil {
			return inner, true
		}
	}
	if s, err := strconv.Unquote(v); err == nil {
		return s, true
	}
	if strings.ContainsAny(v, "{[(") {
		return "", false
	}
	return v, true
}

// constString renders a constant the way scalar reads a runtime value.
func constString(c constant.Value) string {
	if c == nil {
		return ""
	}
	if c.Kind() == constant.String {
		return constant.StringVal(c)
	}
	if c.Kind() == constant.Float {
		if f, ok := constant.Float64Val(c); ok {
			return strconv.FormatFloat(f, 'g', -1, 64)
		}
	}
	return c.ExactString()
}

// sameScalar compares two scalars, numerically when both are numbers.
func sameScalar(a, b string) bool {
	if a == b {
		return true
	}
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	return err1 == nil && err2 == nil && x == y
}

// distinctive reports whether a value is specific enough that finding it
// as a literal means something (not 0, 1, "", true or false).
func distinctive(v string) bool {
	switch v {
	case "", "0", "1", "-1", "true", "false", "nil":
		return false
	}
	return true
}
