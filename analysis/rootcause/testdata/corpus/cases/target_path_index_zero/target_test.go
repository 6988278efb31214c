package targets

import "testing"

func TestParse(t *testing.T) {
	d := Defaults{Addr: "localhost:9090", Port: "9100", Path: "/metrics"}
	tests := []struct {
		spec string
		want Target
	}{
		{"node-1", Target{"node-1:9100", "/metrics"}},
		{"node-2:9256/probe", Target{"node-2:9256", "/probe"}},
		{"http://[2001:db8::7]:9100", Target{"[2001:db8::7]:9100", "/metrics"}},
		{"/federate", Target{"localhost:9090", "/federate"}},
	}
	for _, tt := range tests {
		got, err := Parse(tt.spec, d)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("Parse(%q) = %+v, want %+v", tt.spec, got, tt.want) // CRASH
		}
	}
}

func TestParseEmpty(t *testing.T) {
	if _, err := Parse("  ", Defaults{}); err != ErrEmpty {
		t.Errorf("err = %v", err)
	}
}
