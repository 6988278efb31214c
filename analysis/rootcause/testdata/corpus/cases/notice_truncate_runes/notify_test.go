package notify

import "testing"

func TestReadyForPickupTitle(t *testing.T) {
	tests := []struct {
		order Order
		want  string
	}{
		{Order{ID: "A1", Store: "Kiosk", Item: "Tea", Qty: 1}, "Kiosk: Tea"},
		{Order{ID: "A2", Store: "Corner Shop", Item: "Sparkling water 6-pack", Qty: 2}, "Corner Shop: Sparkling…"},
		{Order{ID: "A3", Store: "Pâtisserie", Item: "Crème brûlée", Qty: 4}, "Pâtisserie: Crème brûlée"},
		{Order{ID: "A4", Store: "Bäckerei Müller", Item: "Schwarzwälder Kirschtorte", Qty: 1}, "Bäckerei Müller: Schwar…"},
	}
	for _, tt := range tests {
		p, err := ReadyForPickup(tt.order)
		if err != nil {
			t.Fatalf("ReadyForPickup(%s): %v", tt.order.ID, err)
		}
		if p.Title != tt.want {
			t.Errorf("ReadyForPickup(%s).Title = %q, want %q", tt.order.ID, p.Title, tt.want) // CRASH
		}
	}
}

func TestReadyForPickupBody(t *testing.T) {
	p, err := ReadyForPickup(Order{ID: "B7", Store: "Kiosk", Item: " Espresso ", Qty: 2})
	if err != nil {
		t.Fatal(err)
	}
	if want := "Order B7 (2 × Espresso) is ready for pickup."; p.Body != want {
		t.Errorf("Body = %q, want %q", p.Body, want)
	}
}
