package sdp

import "testing"

const offer = "v=0\r\n" +
	"o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n" +
	"s=-\r\n" +
	"t=0 0\r\n" +
	"m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n" +
	"c=IN IP4 0.0.0.0\r\n" +
	"a=mid:0\r\n" +
	"a=rtpmap:111 opus/48000/2\r\n" +
	"m=video 9 UDP/TLS/RTP/SAVPF 96\r\n" +
	"c=IN IP4 0.0.0.0\r\n" +
	"a=mid:1\r\n" +
	"a=rtpmap:96 VP8/90000\r\n"

func TestParseMediaSections(t *testing.T) {
	s, err := Parse(offer)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Media) != 2 {
		t.Fatalf("got %d media sections, want audio and video", len(s.Media)) // CRASH
	}
	if mid, _ := s.Media[1].Attribute("mid"); s.Media[1].Kind != "video" || mid != "1" {
		t.Errorf("second section = %+v", s.Media[1])
	}
}

func TestParseAudioOnly(t *testing.T) {
	s, err := Parse("v=0\ns=call\nm=audio 5004 RTP/AVP 0\na=sendrecv\n")
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "call" || len(s.Media) != 1 || s.Media[0].Port != "5004" || s.Media[0].Formats[0] != "0" {
		t.Errorf("session = %+v", s)
	}
}

func TestParseRequiresVersion(t *testing.T) {
	if _, err := Parse("s=-\n"); err != ErrNoVersion {
		t.Errorf("err = %v", err)
	}
}
