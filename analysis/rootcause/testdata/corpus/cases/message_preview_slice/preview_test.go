package inbox

import "testing"

func TestSummarizeTruncatesLongBodies(t *testing.T) {
	s := Summarizer{PreviewLen: 12}
	got := s.Summarize([]Message{{ID: "m1", Body: "Your order has shipped and will arrive Tuesday."}})
	if got[0].Preview != "Your order h…" {
		t.Errorf("preview = %q", got[0].Preview)
	}
}

func TestSummarizeQuotedReply(t *testing.T) {
	s := Summarizer{PreviewLen: 50}
	body := "Thanks!\n\n\n    > On Monday, Bob wrote:\n    >   see attached\n"
	got := s.Summarize([]Message{{ID: "m2", Subject: "Re: invoice", Body: body}})
	if got[0].Preview != "Thanks! > On Monday, Bob wrote: > see attached" {
		t.Errorf("preview = %q", got[0].Preview)
	}
}
