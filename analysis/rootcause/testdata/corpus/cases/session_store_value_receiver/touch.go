package sessions

import "time"

// Touch records activity on a session.
func (s *Store) Touch(id string, at time.Time) {
	s.lastSeen[id] = at // CRASH
}

// Active reports whether a session was seen within the TTL.
func (s *Store) Active(id string, now time.Time) bool {
	t, ok := s.lastSeen[id]
	return ok && now.Sub(t) < s.ttl
}
