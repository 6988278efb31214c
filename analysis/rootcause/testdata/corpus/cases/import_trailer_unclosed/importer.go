package payouts

import (
	"encoding/csv"
	"io"
)

type Payout struct {
	Reference string
	Account   string
	Cents     int64
}

// Result summarises one import run.
type Result struct {
	Payouts    []Payout
	TotalCents int64
	Errors     []error
}

// Import reads a bank payout export. Bad rows are reported, not fatal.
func Import(r io.Reader) Result {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.Comment = ';'
	out := make(chan parsed, 16)
	go produce(cr, out)
	return collect(out)
}

func collect(in <-chan parsed) Result {
	var res Result
	for p := range in { // CRASH
		if p.err != nil {
			res.Errors = append(res.Errors, p.err)
			continue
		}
		res.Payouts = append(res.Payouts, p.payout)
		res.TotalCents += p.payout.Cents
	}
	return res
}
