package pricing

// VolumeRule gives a percentage off when at least MinQty units are bought.
type VolumeRule struct {
	MinQty     int
	PercentOff int64
}

func applyVolumeRules(p *Product, qty int, rules []VolumeRule) int64 {
	gross := p.PriceCents * int64(qty) // CRASH
	best := int64(0)
	for _, r := range rules {
		if qty >= r.MinQty && r.PercentOff > best {
			best = r.PercentOff
		}
	}
	return gross - gross*best/100
}
