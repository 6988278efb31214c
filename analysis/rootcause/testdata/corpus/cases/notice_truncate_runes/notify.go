package notify

import (
	"errors"
	"fmt"
	"strings"
)

// Lock-screen titles are cut at this many characters by most devices.
const titleMax = 24

type Order struct {
	ID    string
	Store string
	Item  string
	Qty   int
}

type Push struct {
	Title string
	Body  string
}

var ErrInvalid = errors.New("notify: invalid text")

// ReadyForPickup builds the notification sent when an order can be collected.
func ReadyForPickup(o Order) (Push, error) {
	title := abbreviate(fmt.Sprintf("%s: %s", o.Store, o.Item), titleMax)
	body := fmt.Sprintf("Order %s (%d × %s) is ready for pickup.", o.ID, o.Qty, strings.TrimSpace(o.Item))
	if !valid(title) || !valid(body) {
		return Push{}, ErrInvalid
	}
	return Push{Title: title, Body: body}, nil
}
