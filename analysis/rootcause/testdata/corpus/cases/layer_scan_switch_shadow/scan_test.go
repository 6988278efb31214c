package pkgscan

import (
	"errors"
	"slices"
	"testing"
)

const dpkgStatus = `Package: libc6
Status: install ok installed
Version: 2.36-9+deb12u4

Package: bash
Status: install ok installed
Version: 5.2.15-2+b2
`

func TestInventoryDebian(t *testing.T) {
	l := Layer{Digest: "sha256:aa", Distro: "debian", Files: map[string][]byte{"var/lib/dpkg/status": []byte(dpkgStatus)}}
	got, err := Inventory(l)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"bash=5.2.15-2+b2", "libc6=2.36-9+deb12u4"}; !slices.Equal(got, want) {
		t.Errorf("Inventory = %v", got)
	}
}

func TestInventoryAlpine(t *testing.T) {
	l := Layer{Digest: "sha256:bb", Distro: "alpine", Files: map[string][]byte{"lib/apk/db/installed": []byte("P:musl\nV:1.2.4-r2\n\nP:busybox\nV:1.36.1-r5\n")}}
	got, err := Inventory(l)
	if err != nil || !slices.Equal(got, []string{"busybox=1.36.1-r5", "musl=1.2.4-r2"}) {
		t.Errorf("Inventory = %v, %v", got, err)
	}
}

func TestInventoryLayerWithoutDatabase(t *testing.T) {
	// Upper layers of an image usually only add application files.
	l := Layer{Digest: "sha256:cc", Distro: "ubuntu", Files: map[string][]byte{"app/server": {0x7f, 'E', 'L', 'F'}}}
	_, err := Inventory(l)
	if !errors.Is(err, ErrMissingFile) {
		t.Errorf("err = %v, want ErrMissingFile", err)
	}
}
