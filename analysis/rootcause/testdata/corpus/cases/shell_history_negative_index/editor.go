package lineedit

type Key int

const (
	KeyUp Key = iota
	KeyDown
	KeyEnter
	KeyBackspace
)

// Editor is the line-editing state of an interactive prompt.
type Editor struct {
	line    []rune
	hist    *history
	histIdx int    // -1 while editing a new line
	draft   string // the new line, kept while browsing history
}

func NewEditor(historySize int) *Editor {
	return &Editor{hist: newHistory(historySize), histIdx: -1}
}

func (e *Editor) Type(s string) { e.line = append(e.line, []rune(s)...) }

func (e *Editor) Line() string { return string(e.line) }

// Key handles a control key and returns the submitted line for KeyEnter.
func (e *Editor) Key(k Key) (submitted string, ok bool) {
	switch k {
	case KeyUp:
		s, found := e.hist.NthPreviousEntry(e.histIdx + 1)
		if !found {
			return "", false
		}
		if e.histIdx < 0 {
			e.draft = string(e.line)
		}
		e.histIdx++
		e.line = []rune(s)
	case KeyDown:
		if e.histIdx < 0 { // ROOT
			e.histIdx = -1
			e.line = []rune(e.draft)
			return "", false
		}
		e.histIdx--
		s, _ := e.hist.NthPreviousEntry(e.histIdx)
		e.line = []rune(s)
	case KeyBackspace:
		if len(e.line) > 0 {
			e.line = e.line[:len(e.line)-1]
		}
	case KeyEnter:
		s := string(e.line)
		if s != "" {
			e.hist.Add(s)
		}
		e.line, e.histIdx, e.draft = nil, -1, ""
		return s, true
	}
	return "", false
}
