package stockevents

import (
	"fmt"
	"sync"
)

// Inventory tracks on-hand units per SKU and the events already applied.
type Inventory struct {
	mu      sync.Mutex
	onHand  map[string]int
	applied map[string]bool
}

func NewInventory() *Inventory {
	return &Inventory{onHand: make(map[string]int), applied: make(map[string]bool)}
}

func (inv *Inventory) OnHand(sku string) int {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	return inv.onHand[sku]
}

// Apply updates stock for an event; replayed event IDs are ignored.
func (inv *Inventory) Apply(ev Event) error {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	if inv.applied[ev.ID] {
		return nil
	}
	var err error
	switch ev.Type {
	case "stock.received":
		err = inv.adjust(ev.Data, +1)
	case "stock.shipped":
		err = inv.adjust(ev.Data, -1)
	default:
		return fmt.Errorf("unsupported event type %q", ev.Type)
	}
	if err == nil {
		inv.applied[ev.ID] = true
	}
	return err
}

func (inv *Inventory) adjust(data map[string]any, sign int) error {
	sku, ok := data["sku"].(string)
	if !ok || sku == "" {
		return fmt.Errorf("event data has no sku")
	}
	qty := data["quantity"].(int) // CRASH
	inv.onHand[sku] += sign * qty
	return nil
}
