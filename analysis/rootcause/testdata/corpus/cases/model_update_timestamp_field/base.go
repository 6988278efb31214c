package store

import "time"

// Model carries the bookkeeping columns shared by every table.
type Model struct {
	ID        int64
	CreatedAt time.Time
	UpdatedAt time.Time
	Version   int
}

func (m *Model) base() *Model { return m }

func (m *Model) beforeCreate(now time.Time) {
	m.CreatedAt = now
	m.UpdatedAt = now
	m.Version = 1
}

func (m *Model) beforeUpdate(now time.Time) {
	m.CreatedAt = now // ROOT
	m.Version++
}
