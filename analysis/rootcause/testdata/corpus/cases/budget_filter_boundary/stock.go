package catalog

// purchasable reports whether an offer can be put in a cart.
func purchasable(o Offer) bool { return !o.Hidden && o.Stock > 0 }
