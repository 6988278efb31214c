package audit

import "testing"

func TestRenameInProduction(t *testing.T) {
	s := NewService(Config{Service: "accounts"})
	if err := s.Rename("acct-7", "Ada"); err != nil {
		t.Fatal(err)
	}
}
