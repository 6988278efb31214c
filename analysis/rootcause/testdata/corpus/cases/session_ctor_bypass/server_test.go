package sessions

import (
	"errors"
	"testing"
	"time"
)

func TestLoginRejectsBadPassword(t *testing.T) {
	srv := NewServer(map[string]string{"alice": "s3cret"}, time.Hour)
	if _, err := srv.Login("alice", "nope"); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("err = %v, want ErrBadCredentials", err)
	}
}

func TestLoginIssuesUsableToken(t *testing.T) {
	srv := NewServer(map[string]string{"alice": "s3cret"}, time.Hour)
	tok, err := srv.Login("alice", "s3cret")
	if err != nil {
		t.Fatal(err)
	}
	if user, ok := srv.Whoami(tok); !ok || user != "alice" {
		t.Errorf("Whoami = %q, %v; want alice, true", user, ok)
	}
}
