package blobupload

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

func sha(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

func TestUploadStoresBlob(t *testing.T) {
	store := NewMemStore()
	u := New(store)
	data := []byte("hello")
	if err := u.Upload(context.Background(), "a/hello.txt", data, sha(data)); err != nil {
		t.Fatal(err)
	}
	if err := u.Close(); err != nil || !store.Has("a/hello.txt") {
		t.Errorf("blob not stored (close err %v)", err)
	}
}

func TestUploadRejectsChecksumMismatch(t *testing.T) {
	u := New(NewMemStore())
	err := u.Upload(context.Background(), "a/report.csv", []byte("id,total\n1,20\n"), sha([]byte("other")))
	if err == nil || !strings.Contains(err.Error(), "checksum mismatch") {
		t.Fatalf("err = %v, want checksum mismatch", err)
	}
	if err := u.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
}
