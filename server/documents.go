package server

import (
	"context"
	"encoding/json"
	"os"
	"strings"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// lineEdit is what one text change did to a file's lines, in 0-based lines
// of the text before it: lines [start, end] were touched and the text in
// between now spans added+1 lines. lines before start are unchanged, after
// end they shift by added-(end-start). keepEnd says line end's text survived
// whole and moved (an insertion or deletion of whole lines before it).
type lineEdit struct {
	start, end int
	added      int
	keepEnd    bool
}

// mapLine carries a 0-based line of the text a result was built from
// through edits; ok is false when an edit touched it.
func mapLine(line int, edits []lineEdit) (int, bool) {
	for _, e := range edits {
		switch {
		case line < e.start:
		case line > e.end || (line == e.end && e.keepEnd):
			line += e.added - (e.end - e.start)
		default:
			return 0, false
		}
	}
	return line, true
}

// editOf describes a change replacing rng with text.
func editOf(rng protocol.Range, text string) lineEdit {
	e := lineEdit{start: int(rng.Start.Line), end: int(rng.End.Line), added: strings.Count(text, "\n")}
	// Whole lines inserted or deleted before line end: its text moves intact.
	if rng.End.Character == 0 && rng.Start.Character == 0 && (text == "" || strings.HasSuffix(text, "\n")) {
		e.keepEnd = true
	}
	return e
}

// wholeEdit describes replacing old with new by their common prefix and
// suffix lines (clients that send full text on every change).
func wholeEdit(old, new *document) lineEdit {
	no, nn := len(old.lines), len(new.lines)
	pre := 0
	for pre < no && pre < nn && string(old.lineBytes(pre)) == string(new.lineBytes(pre)) {
		pre++
	}
	suf := 0
	for suf < no-pre && suf < nn-pre && string(old.lineBytes(no-1-suf)) == string(new.lineBytes(nn-1-suf)) {
		suf++
	}
	if pre == no && pre == nn {
		return lineEdit{start: no, end: no, keepEnd: true} // no change
	}
	// Old lines [pre, no-suf) became new lines [pre, nn-suf): model it as
	// replacing lines pre..no-suf (the latter kept) by (nn-suf-pre) lines.
	return lineEdit{start: pre, end: no - suf, added: nn - suf - pre, keepEnd: true}
}

func (s *Server) didOpen(_ context.Context, raw json.RawMessage) (any, error) {
	var p protocol.DidOpenTextDocumentParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	path := docKey(p.TextDocument.URI)
	d := newDocument(path, p.TextDocument.URI, p.TextDocument.Version, []byte(p.TextDocument.Text))
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.res != nil {
		// The file may differ from the text the result was read from.
		if old := s.res.files[path]; old != nil {
			if e := wholeEdit(old, d); e.start != len(old.lines) {
				s.edits[path] = append(s.edits[path], e)
			}
		}
	}
	s.docs[path] = d
	return nil, nil
}

func (s *Server) didChange(_ context.Context, raw json.RawMessage) (any, error) {
	var p protocol.DidChangeTextDocumentParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	path := docKey(p.TextDocument.URI)
	s.mu.Lock()
	d := s.docs[path]
	if d == nil {
		s.mu.Unlock()
		return nil, nil // not open: nothing to keep in step
	}
	var edits []lineEdit
	for _, ch := range p.ContentChanges {
		switch c := ch.(type) {
		case protocol.TextDocumentContentChangeEvent:
			a, ok1 := d.offset(c.Range.Start)
			b, ok2 := d.offset(c.Range.End)
			if !ok1 || !ok2 || b < a {
				s.mu.Unlock()
				s.logf(protocol.MessageTypeWarning, "didChange: range out of the document %s; resync by reopening it", p.TextDocument.URI)
				return nil, nil
			}
			text := make([]byte, 0, len(d.text)-(b-a)+len(c.Text))
			text = append(append(append(text, d.text[:a]...), c.Text...), d.text[b:]...)
			edits = append(edits, editOf(*c.Range, c.Text))
			d = newDocument(d.path, d.uri, p.TextDocument.Version, text)
		case protocol.TextDocumentContentChangeEventWhole:
			nd := newDocument(d.path, d.uri, p.TextDocument.Version, []byte(c.Text))
			edits = append(edits, wholeEdit(d, nd))
			d = nd
		}
	}
	s.docs[path] = d
	touched := s.res != nil && s.res.files[path] != nil
	if touched {
		s.edits[path] = append(s.edits[path], edits...)
	}
	s.mu.Unlock()
	if touched {
		s.publishFile(path)
	}
	return nil, nil
}

func (s *Server) didClose(_ context.Context, raw json.RawMessage) (any, error) {
	var p protocol.DidCloseTextDocumentParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	s.mu.Lock()
	delete(s.docs, docKey(p.TextDocument.URI))
	s.mu.Unlock()
	return nil, nil
}

// didSave runs nothing: user code runs only on an explicit command.
func (s *Server) didSave(context.Context, json.RawMessage) (any, error) { return nil, nil }

// docKey is the key of a document: its path, or its URI for other schemes.
func docKey(uri protocol.DocumentUri) string {
	if p := uriToPath(uri); p != "" {
		return p
	}
	return string(uri)
}

// textOf is the current text of path: the open buffer, else the file on
// disk as the result read it, else the disk now. Callers hold s.mu.
func (s *Server) textOf(path string) *document {
	if d := s.docs[path]; d != nil {
		return d
	}
	if s.res != nil {
		if d := s.res.files[path]; d != nil {
			return d
		}
	}
	return readDocument(path)
}

// readDocument reads a file from disk; nil when it cannot be read.
func readDocument(path string) *document {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	return newDocument(path, pathToURI(path), 0, b)
}
