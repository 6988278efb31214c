package mirror

import (
	"errors"
	"sync"
)

// Remote is the object store a bucket is mirrored to.
type Remote interface {
	Put(key string, data []byte) error
}

var ErrUnavailable = errors.New("mirror: remote unavailable")

// MemRemote is an in-memory Remote; failing keys always return ErrUnavailable.
type MemRemote struct {
	mu      sync.Mutex
	Objects map[string][]byte
	Failing map[string]int // remaining failures per key, -1 for always
	Calls   int
}

func NewMemRemote() *MemRemote {
	return &MemRemote{Objects: map[string][]byte{}, Failing: map[string]int{}}
}

func (m *MemRemote) Put(key string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.Calls++
	if n := m.Failing[key]; n != 0 {
		if n > 0 {
			m.Failing[key] = n - 1
		}
		return ErrUnavailable
	}
	m.Objects[key] = append([]byte(nil), data...)
	return nil
}
