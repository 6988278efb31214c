package billing

func summarize(inv *Invoice) Summary {
	s := Summary{Account: inv.Account, Metrics: len(inv.Lines)} // CRASH
	s.Total = inv.Total()
	return s
}
