package audit

import (
	"fmt"
	"strings"
)

// Logger writes audit lines with a fixed prefix.
type Logger struct {
	prefix string
	lines  []string
}

func (l *Logger) Printf(format string, args ...any) {
	l.lines = append(l.lines, l.prefix+fmt.Sprintf(format, args...)) // CRASH
}

func (l *Logger) String() string { return strings.Join(l.lines, "\n") }
