package billing

import "sort"

// Summary is one row of the end-of-cycle billing report.
type Summary struct {
	Account string
	Total   int64
	Metrics int
}

// Runner bills every active account for a period.
type Runner struct {
	biller   *Biller
	accounts []string
}

func NewRunner(b *Biller, accounts []string) *Runner {
	return &Runner{biller: b, accounts: accounts}
}

func (r *Runner) RunCycle(p Period) ([]Summary, error) {
	var out []Summary
	for _, acct := range r.accounts {
		inv, err := r.biller.BuildInvoice(acct, p)
		if err != nil {
			return nil, err
		}
		out = append(out, summarize(inv))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Account < out[j].Account })
	return out, nil
}
