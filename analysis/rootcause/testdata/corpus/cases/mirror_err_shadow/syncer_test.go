package mirror

import (
	"errors"
	"testing"
	"time"
)

func newTestSyncer(r Remote) *Syncer {
	s := NewSyncer(r, 3)
	s.sleep = func(time.Duration) {}
	return s
}

func TestSyncUploadsEverything(t *testing.T) {
	r := NewMemRemote()
	r.Failing["b.txt"] = 2
	err := newTestSyncer(r).Sync(map[string][]byte{"a.txt": []byte("A"), "b.txt": []byte("B")})
	if err != nil {
		t.Fatal(err)
	}
	if string(r.Objects["a.txt"]) != "A" || string(r.Objects["b.txt"]) != "B" {
		t.Errorf("objects = %v", r.Objects)
	}
}

func TestSyncReportsPermanentFailure(t *testing.T) {
	r := NewMemRemote()
	r.Failing["b.txt"] = -1
	err := newTestSyncer(r).Sync(map[string][]byte{"a.txt": []byte("A"), "b.txt": []byte("B"), "c.txt": []byte("C")})
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Sync() error = %v, want ErrUnavailable for b.txt", err) // CRASH
	}
	if _, ok := r.Objects["c.txt"]; ok {
		t.Errorf("c.txt uploaded after b.txt failed")
	}
}
