// Package inventory tracks stock levels per SKU for a warehouse.
//
// Try it: `go test ./inventory` panics with "assignment to entry in nil map"
// inside Add. Add is fine — the bug is in how the Inventory was created.
package inventory

import (
	"fmt"
	"sync"
)

// Inventory holds the quantity on hand for each SKU.
//
// The zero value is NOT usable: always create one with NewInventory, which
// allocates the stock map.
type Inventory struct {
	mu        sync.Mutex
	Warehouse string
	stock     map[string]int
}

// NewInventory returns an empty inventory for the named warehouse.
func NewInventory(warehouse string) *Inventory {
	return &Inventory{Warehouse: warehouse, stock: make(map[string]int)}
}

// Add records qty more units of sku.
func (inv *Inventory) Add(sku string, qty int) error {
	if qty <= 0 {
		return fmt.Errorf("add %s: quantity must be positive, got %d", sku, qty)
	}
	inv.mu.Lock()
	defer inv.mu.Unlock()
	inv.stock[sku] += qty // panics if the map was never made
	return nil
}

// Remove takes qty units of sku out of stock.
func (inv *Inventory) Remove(sku string, qty int) error {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	have := inv.stock[sku]
	if have < qty {
		return fmt.Errorf("remove %s: only %d in stock, want %d", sku, have, qty)
	}
	inv.stock[sku] = have - qty
	return nil
}

// Quantity returns how many units of sku are on hand.
func (inv *Inventory) Quantity(sku string) int {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	return inv.stock[sku]
}
