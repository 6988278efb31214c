package acl

import "testing"

var adminPolicy = Policy{
	Rules: []Rule{
		{Methods: []string{"GET"}, Pattern: "/admin/health", Action: Allow},
		{Pattern: "/admin/**", Action: Deny},
		{Methods: []string{"GET", "HEAD"}, Pattern: "/**", Action: Allow},
	},
	Default: Deny,
}

func TestCheck(t *testing.T) {
	tests := []struct {
		method, path string
		want         Action
	}{
		{"GET", "/admin/health", Allow},
		{"GET", "/products/42", Allow},
		{"POST", "/products", Deny},
		{"GET", "/admin/users", Deny},
		{"GET", "/public/../admin/health", Allow},
	}
	for _, tt := range tests {
		if got := adminPolicy.Check(tt.method, tt.path); got != tt.want {
			t.Errorf("Check(%s %s) = %v, want %v", tt.method, tt.path, got, tt.want) // CRASH
		}
	}
}
