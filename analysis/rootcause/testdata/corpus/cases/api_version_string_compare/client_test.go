package cfapi

import "testing"

func TestSupportsMetadata(t *testing.T) {
	tests := []struct {
		version string
		want    bool
	}{
		{"3.66.0", true},
		{"3.70.1", true},
		{"3.65.2", false},
		{"2.150.0", false},
		{"3.101.0", true},
	}
	for _, tt := range tests {
		c := NewClient(Info{Name: "cf", APIVersion: tt.version})
		if got := c.SupportsMetadata(); got != tt.want {
			t.Errorf("API %s: SupportsMetadata() = %v, want %v", tt.version, got, tt.want) // CRASH
		}
	}
}

func TestNewest(t *testing.T) {
	if got := Newest([]string{"1.9.2", "1.10.0", "1.8.14"}); got != "1.10.0" {
		t.Errorf("Newest = %s", got)
	}
}
