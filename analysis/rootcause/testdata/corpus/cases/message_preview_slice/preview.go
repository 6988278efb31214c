package inbox

import (
	"strings"
	"time"
)

type Message struct {
	ID       string
	From     string
	Subject  string
	Body     string
	Received time.Time
}

// Summary is what the inbox list view shows for one message.
type Summary struct {
	ID      string
	From    string
	Subject string
	Preview string
}

// Summarizer builds list-view summaries with a bounded preview length.
type Summarizer struct {
	PreviewLen int
}

func (s Summarizer) Summarize(msgs []Message) []Summary {
	out := make([]Summary, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, Summary{ID: m.ID, From: m.From, Subject: subjectOrDefault(m.Subject), Preview: s.preview(m)})
	}
	return out
}

func (s Summarizer) preview(m Message) string {
	body := collapseSpace(m.Body)
	if len(m.Body) > s.PreviewLen { // ROOT
		return body[:s.PreviewLen] + "…" // CRASH
	}
	return body
}

func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func subjectOrDefault(s string) string {
	if strings.TrimSpace(s) == "" {
		return "(no subject)"
	}
	return s
}
