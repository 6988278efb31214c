package blobupload

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"
)

// BlobStore is the object storage backend.
type BlobStore interface {
	Put(ctx context.Context, key string, data []byte) error
}

// Uploader writes blobs and verifies client-supplied checksums. The write
// and the hash run in parallel because large blobs dominate latency.
type Uploader struct {
	store BlobStore
	wg    sync.WaitGroup
}

func New(store BlobStore) *Uploader {
	return &Uploader{store: store}
}

func (u *Uploader) Upload(ctx context.Context, key string, data []byte, wantSHA256 string) error {
	errc := make(chan error)
	u.wg.Add(1)
	go func() {
		defer u.wg.Done()
		errc <- u.store.Put(ctx, key, data) // CRASH
	}()

	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != wantSHA256 {
		return fmt.Errorf("upload %s: checksum mismatch: got %s", key, got) // ROOT
	}
	if err := <-errc; err != nil {
		return fmt.Errorf("upload %s: %w", key, err)
	}
	return nil
}
