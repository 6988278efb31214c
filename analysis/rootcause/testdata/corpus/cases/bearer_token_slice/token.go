package authmw

import "strings"

const bearerPrefix = "Bearer "

// tokenFromHeader extracts the credential from an Authorization header.
func tokenFromHeader(h string) (string, bool) {
	if !strings.HasPrefix(h, "Bearer") { // ROOT
		return "", false
	}
	tok := strings.TrimSpace(h[len(bearerPrefix):]) // CRASH
	if tok == "" {
		return "", false
	}
	return tok, true
}
