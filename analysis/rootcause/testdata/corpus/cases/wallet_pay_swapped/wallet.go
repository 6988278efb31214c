package wallet

import "errors"

type Account struct {
	ID      string
	Balance int
}

var ErrFunds = errors.New("insufficient funds")

func move(from, to *Account, amount int) error {
	if from.Balance < amount {
		return ErrFunds
	}
	from.Balance -= amount
	to.Balance += amount
	return nil
}

// Pay moves amount from the payer to the payee.
func Pay(payer, payee *Account, amount int) error {
	return move(payee, payer, amount) // ROOT
}
