package auditlog

// Close stops accepting entries, replays anything still held and waits
// until the sink has seen every entry. It returns the last sink error.
func (l *Logger) Close() error {
	close(l.entries) // ROOT
	l.Resume()
	<-l.done
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}
