package report

import "encoding/json"

// Clone returns a deep copy of r, for a step that works on the report while
// its owner keeps publishing it. The report is its own JSON contract, so a
// round trip through JSON copies every field.
func (r *Report) Clone() *Report {
	if r == nil {
		return nil
	}
	out := &Report{}
	b, err := json.Marshal(r)
	if err == nil {
		err = json.Unmarshal(b, out)
	}
	if err != nil {
		// Only a NaN score can refuse to marshal: copy what can be
		// changed in place (the slices a step appends to) by hand.
		c := *r
		c.Notes = append([]string(nil), r.Notes...)
		c.Suspects = append([]Suspect(nil), r.Suspects...)
		c.Fixes = append([]Fix(nil), r.Fixes...)
		return &c
	}
	return out
}
