package logrotate

import (
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readArchive(t *testing.T, path string) (string, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return "", err
	}
	b, err := io.ReadAll(zr)
	return string(b), err
}

func TestArchive(t *testing.T) {
	dir := t.TempDir()
	want := map[string]string{}
	for i := 1; i <= 2; i++ {
		name := fmt.Sprintf("app.log.%d", i)
		body := strings.Repeat(fmt.Sprintf("segment %d: GET /healthz 200\n", i), 50)
		want[name] = body
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := Rotator{Dir: dir, Base: "app.log", ArchiveDir: filepath.Join(dir, "archive")}
	archives, err := r.Archive()
	if err != nil {
		t.Fatal(err)
	}
	if len(archives) != 2 {
		t.Fatalf("archives = %v", archives)
	}
	for _, a := range archives {
		got, err := readArchive(t, a)
		if name := strings.TrimSuffix(filepath.Base(a), ".gz"); err != nil || got != want[name] {
			t.Errorf("%s: read %d bytes, err %v; want %d bytes", filepath.Base(a), len(got), err, len(want[name])) // CRASH
		}
	}
}

func TestArchiveNothingToDo(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "app.log"), []byte("live"), 0o644)
	archives, err := Rotator{Dir: dir, Base: "app.log", ArchiveDir: filepath.Join(dir, "archive")}.Archive()
	if err != nil || len(archives) != 0 {
		t.Errorf("Archive() = %v, %v", archives, err)
	}
}
