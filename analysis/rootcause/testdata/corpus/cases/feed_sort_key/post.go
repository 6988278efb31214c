package timeline

import (
	"sync"
	"time"
)

type Post struct {
	ID        string
	Author    string
	Body      string
	Pinned    bool
	CreatedAt time.Time
	EditedAt  time.Time // zero if never edited
}

// Store is an in-memory post repository.
type Store struct {
	mu    sync.RWMutex
	posts map[string]Post
}

func NewStore() *Store { return &Store{posts: make(map[string]Post)} }

func (s *Store) Save(p Post) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.posts[p.ID] = p
}

func (s *Store) ByAuthor(author string) []Post {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []Post
	for _, p := range s.posts {
		if p.Author == author {
			out = append(out, p)
		}
	}
	return out
}
