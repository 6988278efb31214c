package inventory

// Delivery is a shipment arriving at a warehouse.
type Delivery struct {
	Warehouse string
	Lines     map[string]int // SKU -> quantity
}

// Receive books a delivery into a fresh inventory for its warehouse.
func Receive(d Delivery) (*Inventory, error) {
	// BUG: a struct literal skips NewInventory, so inv.stock is a nil map.
	// Reading a nil map works, which hides the mistake until the first write.
	inv := &Inventory{Warehouse: d.Warehouse}
	for sku, qty := range d.Lines {
		if err := inv.Add(sku, qty); err != nil {
			return nil, err
		}
	}
	return inv, nil
}
