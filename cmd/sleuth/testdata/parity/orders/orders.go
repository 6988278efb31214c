// Package orders books orders against a ledger. The ledger's map is made
// by NewLedger; Open forgets to call it.
package orders

// Ledger holds the booked amount per order id.
type Ledger struct {
	Owner  string
	booked map[string]int
}

// NewLedger returns an empty ledger.
func NewLedger(owner string) *Ledger {
	return &Ledger{Owner: owner, booked: map[string]int{}}
}

// Open opens the ledger of owner, authenticated by apiToken.
func Open(owner, apiToken string) *Ledger {
	if apiToken == "" {
		return nil
	}
	return &Ledger{Owner: owner}
}

// Book adds amount to the order id.
func (l *Ledger) Book(id string, amount int) {
	l.booked[id] += amount
}

// Total is the amount booked on id.
func (l *Ledger) Total(id string) int { return l.booked[id] }
