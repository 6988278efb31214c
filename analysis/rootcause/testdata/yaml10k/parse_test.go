package yaml

import (
	"strings"
	"testing"
)

// TestParseAnchorsFromReader parses a stream with an anchor and an alias
// through the reader-based parser: it panics deep in the parser (a write
// to a nil map), the failure the root-cause benchmarks analyse.
func TestParseAnchorsFromReader(t *testing.T) {
	doc := "base: &b\n  name: x\n  size: 1\nitems:\n  - *b\n  - {name: y}\n"
	p := newParserFromReader(strings.NewReader(doc))
	defer p.destroy()
	n := p.parse()
	if n == nil || n.Kind != DocumentNode {
		t.Fatalf("parsed %v, want a document", n)
	}
}
