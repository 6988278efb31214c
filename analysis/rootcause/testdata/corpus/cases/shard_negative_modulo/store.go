package kv

import "sync"

type shard struct {
	mu   sync.RWMutex
	data map[string][]byte
}

// Store is a map split into independently locked shards.
type Store struct {
	shards []*shard
}

func New(n int) *Store {
	s := &Store{shards: make([]*shard, n)}
	for i := range s.shards {
		s.shards[i] = &shard{data: make(map[string][]byte)}
	}
	return s
}

func (s *Store) shardFor(key string) *shard {
	return s.shards[shardIndex(key, len(s.shards))] // CRASH
}

func (s *Store) Set(key string, v []byte) {
	sh := s.shardFor(key)
	sh.mu.Lock()
	sh.data[key] = append([]byte(nil), v...)
	sh.mu.Unlock()
}

func (s *Store) Get(key string) ([]byte, bool) {
	sh := s.shardFor(key)
	sh.mu.RLock()
	defer sh.mu.RUnlock()
	v, ok := sh.data[key]
	return v, ok
}

// Len counts the keys across all shards.
func (s *Store) Len() int {
	n := 0
	for _, sh := range s.shards {
		sh.mu.RLock()
		n += len(sh.data)
		sh.mu.RUnlock()
	}
	return n
}
