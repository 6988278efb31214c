package ledger

import (
	"errors"
	"fmt"
	"sync"
)

var ErrInsufficientFunds = errors.New("insufficient funds")

type Account struct {
	ID      string
	mu      sync.Mutex
	balance int64
}

// Auditor records holds before funds move; compliance requires the hold to
// be recorded while the source balance is still locked.
type Auditor interface {
	Hold(accountID string, amount int64)
}

type Ledger struct {
	accounts map[string]*Account
	audit    Auditor
}

func New(audit Auditor) *Ledger {
	return &Ledger{accounts: make(map[string]*Account), audit: audit}
}

func (l *Ledger) Open(id string, balance int64) {
	l.accounts[id] = &Account{ID: id, balance: balance}
}

func (l *Ledger) Balance(id string) int64 {
	a := l.accounts[id]
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.balance
}

// Transfer moves amount from one account to another atomically.
func (l *Ledger) Transfer(fromID, toID string, amount int64) error {
	from, to := l.accounts[fromID], l.accounts[toID]
	if from == nil || to == nil || from == to {
		return fmt.Errorf("transfer %s -> %s: invalid accounts", fromID, toID)
	}
	from.mu.Lock() // ROOT
	defer from.mu.Unlock()
	if from.balance < amount {
		return ErrInsufficientFunds
	}
	l.audit.Hold(fromID, amount)
	to.mu.Lock() // CRASH
	defer to.mu.Unlock()
	from.balance -= amount
	to.balance += amount
	return nil
}
