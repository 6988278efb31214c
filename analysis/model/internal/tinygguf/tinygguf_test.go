package tinygguf

import (
	"bytes"
	"encoding/binary"
	"testing"
)

func TestWrite(t *testing.T) {
	var a, b bytes.Buffer
	if err := Write(&a); err != nil {
		t.Fatal(err)
	}
	Write(&b)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two writes differ: the model must be reproducible")
	}
	h := a.Bytes()
	if string(h[:4]) != "GGUF" || binary.LittleEndian.Uint32(h[4:]) != 3 {
		t.Fatalf("header % x", h[:8])
	}
	if n := binary.LittleEndian.Uint64(h[8:]); n != 3+9*Layers {
		t.Errorf("%d tensors", n)
	}
	if a.Len()%alignment != 0 || a.Len() < 400_000 || a.Len() > 600_000 {
		t.Errorf("size %d", a.Len())
	}
}
