package memory

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/sleuth-dev/sleuth/analysis/redact"
)

// exportHeader opens an export, so that import can tell one from any other
// JSON Lines file and refuse a newer format.
type exportHeader struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
}

const exportFormat = "sleuth-memory"

// Export writes every incident of s (with its fixes) to w as JSON Lines,
// after a header line, oldest first, and returns how many.
func Export(ctx context.Context, s Store, w io.Writer) (int, error) {
	ins, err := s.List(ctx, Filter{Limit: -1})
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	if err := enc.Encode(exportHeader{Format: exportFormat, Version: 1}); err != nil {
		return 0, fmt.Errorf("memory: export: %w", err)
	}
	for i := len(ins) - 1; i >= 0; i-- {
		if err := enc.Encode(ins[i]); err != nil {
			return 0, fmt.Errorf("memory: export: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return 0, fmt.Errorf("memory: export: %w", err)
	}
	return len(ins), nil
}

// ReadExport reads what Export wrote. Incidents keep their UIDs, so
// importing one export twice adds nothing the second time; their local IDs
// are dropped.
func ReadExport(r io.Reader) ([]Incident, error) {
	dec := json.NewDecoder(bufio.NewReader(r))
	var h exportHeader
	if err := dec.Decode(&h); err != nil || h.Format != exportFormat {
		return nil, fmt.Errorf("memory: import: not a sleuth memory export (it starts with a {\"format\":%q} line)", exportFormat)
	}
	if h.Version > 1 {
		return nil, fmt.Errorf("memory: import: export format version %d is newer than this sleuth's (1): upgrade sleuth", h.Version)
	}
	var ins []Incident
	for n := 1; ; n++ {
		var in Incident
		err := dec.Decode(&in)
		if err == io.EOF {
			return ins, nil
		}
		if err != nil {
			return nil, fmt.Errorf("memory: import: incident %d: %w", n, err)
		}
		if in.UID == "" || in.Signature.Kind == "" {
			return nil, fmt.Errorf("memory: import: incident %d has no uid or kind", n)
		}
		in.ID = 0
		redactImported(&in)
		in.Key = in.Signature.Key()
		ins = append(ins, in)
	}
}

// redactImported applies the built-in redaction to the text of an
// incident from a file: an export is redacted when written, but a file can
// be edited, or come from elsewhere.
func redactImported(in *Incident) {
	r := redact.Default
	in.Message, in.Evidence = r.String(in.Message), r.String(in.Evidence)
	in.Signature.Message = r.String(in.Signature.Message)
	in.Explanation.Summary, in.Explanation.Details = r.String(in.Explanation.Summary), r.String(in.Explanation.Details)
	for i := range in.Suspects {
		in.Suspects[i].Reason = r.String(in.Suspects[i].Reason)
		for j, e := range in.Suspects[i].Evidence {
			in.Suspects[i].Evidence[j] = r.String(e)
		}
	}
	for i := range in.Fixes {
		f := &in.Fixes[i]
		f.Title, f.Diff, f.Change = r.String(f.Title), r.Code(f.Diff), r.Code(f.Change)
	}
	if in.Resolved != nil {
		in.Resolved.Diff = r.Code(in.Resolved.Diff)
	}
}
