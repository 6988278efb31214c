package auditlog

import (
	"sync"
	"testing"
	"time"
)

type memSink struct {
	mu      sync.Mutex
	actions []string
}

func (s *memSink) Write(e Entry) error {
	s.mu.Lock()
	s.actions = append(s.actions, e.Action)
	s.mu.Unlock()
	return nil
}

func TestLoggerWritesInOrder(t *testing.T) {
	sink := &memSink{}
	l := New(sink, 4)
	l.Log(Entry{Actor: "u1", Action: "login", At: time.Now()})
	l.Log(Entry{Actor: "u1", Action: "export", At: time.Now()})
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if len(sink.actions) != 2 || sink.actions[1] != "export" {
		t.Errorf("actions = %v", sink.actions)
	}
}

func TestCloseFlushesHeldEntries(t *testing.T) {
	sink := &memSink{}
	l := New(sink, 4)
	l.Log(Entry{Actor: "u1", Action: "login", At: time.Now()})
	l.Pause()
	l.Log(Entry{Actor: "u1", Action: "delete_project", At: time.Now()})
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if len(sink.actions) != 2 || sink.actions[1] != "delete_project" {
		t.Errorf("actions = %v", sink.actions)
	}
}
