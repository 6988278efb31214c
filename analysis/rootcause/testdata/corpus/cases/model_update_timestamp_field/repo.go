package store

import (
	"errors"
	"sync"
	"time"
)

type record interface {
	base() *Model
}

var ErrNotFound = errors.New("store: not found")

// Repo is an in-memory table keyed by ID.
type Repo[T record] struct {
	mu   sync.Mutex
	rows map[int64]T
	next int64
	now  func() time.Time
}

func NewRepo[T record](now func() time.Time) *Repo[T] {
	return &Repo[T]{rows: map[int64]T{}, now: now}
}

func (r *Repo[T]) Insert(v T) int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.next++
	m := v.base()
	m.ID = r.next
	m.beforeCreate(r.now().UTC())
	r.rows[m.ID] = v
	return m.ID
}

func (r *Repo[T]) Update(v T) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	m := v.base()
	if _, ok := r.rows[m.ID]; !ok {
		return ErrNotFound
	}
	m.beforeUpdate(r.now().UTC())
	r.rows[m.ID] = v
	return nil
}

func (r *Repo[T]) Get(id int64) (T, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	v, ok := r.rows[id]
	if !ok {
		return v, ErrNotFound
	}
	return v, nil
}
