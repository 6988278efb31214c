package inventory

import "testing"

func TestReceiveDelivery(t *testing.T) {
	d := Delivery{
		Warehouse: "north",
		Lines:     map[string]int{"SKU-001": 12, "SKU-002": 3},
	}
	inv, err := Receive(d)
	if err != nil {
		t.Fatal(err)
	}
	if got := inv.Quantity("SKU-001"); got != 12 {
		t.Errorf("SKU-001: got %d, want 12", got)
	}
}
