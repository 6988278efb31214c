package quota

// Charge adds units of work that were already performed on behalf of a
// client, such as rows written by a bulk import. It never rejects.
func (l *Limiter) Charge(client string, units int) {
	if units <= 0 {
		return
	}
	l.incr(client, units) // ROOT
}
