package wallet

import "testing"

func TestPay(t *testing.T) {
	alice := &Account{ID: "alice", Balance: 100}
	bob := &Account{ID: "bob", Balance: 500}
	if err := Pay(alice, bob, 30); err != nil {
		t.Fatal(err)
	}
	if alice.Balance != 70 || bob.Balance != 530 {
		t.Errorf("alice %d, bob %d", alice.Balance, bob.Balance) // CRASH
	}
}
