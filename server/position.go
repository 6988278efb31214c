package server

import (
	"bytes"
	"net/url"
	"path/filepath"
	"unicode/utf16"
	"unicode/utf8"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// This file is the one place where domain positions (absolute file, 1-based
// line, 1-based byte column) become LSP positions (URI, 0-based line,
// 0-based UTF-16 column) and back. Nothing else in the server does
// arithmetic on either.

// document is the text of one file: an open editor buffer, or a file read
// from disk when a result was built. Its text is never changed in place: an
// edit makes a new document, so a reader may keep one without locking.
type document struct {
	path    string
	uri     protocol.DocumentUri
	version int32
	text    []byte
	lines   []int // byte offset of each line's start
}

func newDocument(path string, uri protocol.DocumentUri, version int32, text []byte) *document {
	d := &document{path: path, uri: uri, version: version, text: text, lines: []int{0}}
	for i, b := range text {
		if b == '\n' {
			d.lines = append(d.lines, i+1)
		}
	}
	return d
}

// lineBytes is line n (0-based) without its line ending; nil past the end.
func (d *document) lineBytes(n int) []byte {
	if n < 0 || n >= len(d.lines) {
		return nil
	}
	end := len(d.text)
	if n+1 < len(d.lines) {
		end = d.lines[n+1] - 1
	}
	l := d.text[d.lines[n]:end]
	return bytes.TrimSuffix(l, []byte("\r"))
}

// lspPos converts a 1-based line and 1-based byte column (0: the first
// non-blank character) to an LSP position, clamped to the document.
func (d *document) lspPos(line, col int) protocol.Position {
	n := min(max(line-1, 0), len(d.lines)-1)
	l := d.lineBytes(n)
	off := col - 1
	if col <= 0 {
		off = len(l) - len(bytes.TrimLeft(l, " \t"))
	}
	off = min(max(off, 0), len(l))
	return protocol.Position{Line: uint32(n), Character: uint32(utf16Len(l[:off]))}
}

// lineRange is the range of a 1-based line's text, indentation excluded.
func (d *document) lineRange(line int) protocol.Range {
	start := d.lspPos(line, 0)
	l := d.lineBytes(int(start.Line))
	return protocol.Range{Start: start, End: protocol.Position{Line: start.Line, Character: uint32(utf16Len(l))}}
}

// lineEnd is the position at the end of a 1-based line.
func (d *document) lineEnd(line int) protocol.Position {
	return d.lineRange(line).End
}

// offset converts an LSP position to a byte offset in the text; ok is
// false when the line does not exist. A character past the line's end
// means its end, as the protocol says.
func (d *document) offset(p protocol.Position) (int, bool) {
	n := int(p.Line)
	if n >= len(d.lines) {
		if n == len(d.lines) && p.Character == 0 {
			return len(d.text), true
		}
		return 0, false
	}
	l := d.lineBytes(n)
	return d.lines[n] + utf16ToByte(l, int(p.Character)), true
}

// domainPos converts an LSP position to a 1-based line and the 0-based byte
// offset in that line.
func (d *document) domainPos(p protocol.Position) (line, byteOff int, ok bool) {
	n := int(p.Line)
	if n >= len(d.lines) {
		return 0, 0, false
	}
	return n + 1, utf16ToByte(d.lineBytes(n), int(p.Character)), true
}

// utf16Len is the length of b in UTF-16 code units.
func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		n += utf16.RuneLen(r)
		if r == utf8.RuneError && size == 1 {
			n = n - utf16.RuneLen(r) + 1
		}
		b = b[size:]
	}
	return n
}

// utf16ToByte is the byte offset in line of UTF-16 column units (clamped).
func utf16ToByte(line []byte, units int) int {
	off, n := 0, 0
	for off < len(line) && n < units {
		r, size := utf8.DecodeRune(line[off:])
		w := utf16.RuneLen(r)
		if r == utf8.RuneError && size == 1 {
			w = 1
		}
		n += w
		off += size
	}
	return off
}

// uriToPath is the file path of a file: URI, or "" for another scheme.
func uriToPath(uri protocol.DocumentUri) string {
	u, err := url.Parse(string(uri))
	if err != nil || u.Scheme != "file" {
		return ""
	}
	return filepath.Clean(filepath.FromSlash(u.Path))
}

// pathToURI is the file: URI of an absolute path.
func pathToURI(path string) protocol.DocumentUri {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
	return protocol.DocumentUri(u.String())
}
