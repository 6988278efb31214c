package spf

import (
	"net/netip"
	"testing"
)

func TestCheckIP(t *testing.T) {
	const rec = "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 include:_spf.example.net ~all"
	tests := []struct {
		ip   string
		want Result
	}{
		{"192.0.2.77", Pass},
		{"2001:db8::25", Pass},
		{"198.51.100.9", SoftFail},
	}
	for _, tt := range tests {
		got, err := CheckIP(rec, netip.MustParseAddr(tt.ip))
		if err != nil || got != tt.want {
			t.Errorf("CheckIP(%s) = %v, %v; want %v", tt.ip, got, err, tt.want)
		}
	}
}

func TestCheckIPHandWrittenRecord(t *testing.T) {
	// Records edited by hand often carry doubled or trailing blanks.
	const rec = "v=spf1  ip4:203.0.113.5 -all "
	got, err := CheckIP(rec, netip.MustParseAddr("203.0.113.5"))
	if err != nil || got != Pass {
		t.Errorf("CheckIP = %v, %v; want pass", got, err)
	}
}

func TestParseRejectsOtherTXT(t *testing.T) {
	if _, err := Parse("google-site-verification=abc"); err != ErrNotSPF {
		t.Errorf("err = %v", err)
	}
}
