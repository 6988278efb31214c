package model

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// textStream pulls the text of chosen top-level string fields out of a JSON
// reply while it streams, so that a front end can show the summary and the
// explanation as words instead of JSON. It is a small state machine over
// the bytes; it never fails: input that is not JSON just yields nothing.
type textStream struct {
	fields map[string]bool
	emit   func(field, text string)

	depth    int
	inStr    bool
	esc      bool
	hex      []byte // the digits of a \u escape being read
	isKey    bool
	key      strings.Builder
	lastKey  string
	colon    bool // a ':' was seen at depth 1 and its value not yet ended
	capture  string
	out      strings.Builder
	pendingU []byte // bytes of a partial UTF-8 sequence
}

func newTextStream(emit func(field, text string), fields ...string) *textStream {
	s := &textStream{fields: map[string]bool{}, emit: emit}
	for _, f := range fields {
		s.fields[f] = true
	}
	return s
}

// Write consumes a chunk and emits the text it completed.
func (s *textStream) Write(chunk string) {
	for i := 0; i < len(chunk); i++ {
		s.byte(chunk[i])
	}
	s.flush()
}

func (s *textStream) flush() {
	if s.capture != "" && s.out.Len() > 0 {
		s.emit(s.capture, s.out.String())
		s.out.Reset()
	}
}

func (s *textStream) byte(c byte) {
	if s.inStr {
		s.strByte(c)
		return
	}
	switch c {
	case '{', '[':
		s.depth++
	case '}', ']':
		s.depth--
		if s.depth == 1 {
			s.colon = false
		}
	case ':':
		if s.depth == 1 {
			s.colon = true
		}
	case ',':
		if s.depth == 1 {
			s.colon = false
		}
	case '"':
		s.inStr, s.esc = true, false
		s.isKey = s.depth == 1 && !s.colon
		s.key.Reset()
		if s.depth == 1 && s.colon && s.fields[s.lastKey] {
			s.capture = s.lastKey
		}
	}
}

func (s *textStream) strByte(c byte) {
	if s.hex != nil {
		s.hex = append(s.hex, c)
		if len(s.hex) == 4 {
			if r, err := strconv.ParseUint(string(s.hex), 16, 32); err == nil {
				s.text(string(rune(r)))
			}
			s.hex = nil
		}
		return
	}
	if s.esc {
		s.esc = false
		switch c {
		case 'n':
			s.text("\n")
		case 't':
			s.text("\t")
		case 'r':
		case 'u':
			s.hex = []byte{}
		default:
			s.text(string(c))
		}
		return
	}
	switch c {
	case '\\':
		s.esc = true
	case '"':
		s.inStr = false
		if s.isKey {
			s.lastKey = s.key.String()
		} else if s.capture != "" {
			s.flush()
			s.capture = ""
		}
	default:
		s.pendingU = append(s.pendingU, c)
		if utf8.FullRune(s.pendingU) {
			s.text(string(s.pendingU))
			s.pendingU = s.pendingU[:0]
		}
	}
}

func (s *textStream) text(t string) {
	switch {
	case s.isKey:
		s.key.WriteString(t)
	case s.capture != "":
		s.out.WriteString(t)
	}
}
