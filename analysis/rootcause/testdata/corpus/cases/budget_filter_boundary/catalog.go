package catalog

import "sort"

// Offer is one purchasable listing.
type Offer struct {
	SKU    string
	Cents  int
	Stock  int
	Hidden bool
}

// Catalog is the storefront's in-memory listing.
type Catalog struct {
	offers []Offer
}

func New(offers ...Offer) *Catalog { return &Catalog{offers: offers} }

// Affordable lists the visible, in-stock offers a customer can pay for
// with budget cents, cheapest first.
func (c *Catalog) Affordable(budget int) []Offer {
	var out []Offer
	for _, o := range c.offers {
		if purchasable(o) && o.Cents < budget { // ROOT
			out = append(out, o)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Cents < out[j].Cents })
	return out
}
