package pricing

import "strings"

// Product is a sellable catalog entry. Prices are in cents.
type Product struct {
	SKU          string
	Name         string
	PriceCents   int64
	Discontinued bool
}

// Catalog is the read model used by the quoting path.
type Catalog struct {
	products map[string]*Product
}

func NewCatalog(products ...*Product) *Catalog {
	c := &Catalog{products: make(map[string]*Product, len(products))}
	for _, p := range products {
		c.products[normalizeSKU(p.SKU)] = p
	}
	return c
}

func (c *Catalog) Product(sku string) *Product {
	return c.products[normalizeSKU(sku)] // ROOT
}

func normalizeSKU(sku string) string {
	return strings.ToUpper(strings.TrimSpace(sku))
}
