package blobupload

import (
	"context"
	"errors"
	"sync"
)

// Close waits for in-flight uploads so the process can exit cleanly.
func (u *Uploader) Close() error {
	u.wg.Wait()
	return nil
}

// MemStore is an in-memory BlobStore used in development.
type MemStore struct {
	mu    sync.Mutex
	blobs map[string][]byte
}

func NewMemStore() *MemStore { return &MemStore{blobs: make(map[string][]byte)} }

func (m *MemStore) Put(ctx context.Context, key string, data []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if key == "" {
		return errors.New("empty key")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.blobs[key] = append([]byte(nil), data...)
	return nil
}

func (m *MemStore) Has(key string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.blobs[key]
	return ok
}
