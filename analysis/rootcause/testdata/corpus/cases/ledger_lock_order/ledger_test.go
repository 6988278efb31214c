package ledger

import (
	"sync"
	"testing"
)

type nopAuditor struct{}

func (nopAuditor) Hold(string, int64) {}

// gateAuditor lets the test line up concurrent transfers at the audit step.
type gateAuditor struct {
	arrived chan string
	release chan struct{}
}

func (g *gateAuditor) Hold(id string, _ int64) {
	g.arrived <- id
	<-g.release
}

func TestTransferMovesFunds(t *testing.T) {
	l := New(nopAuditor{})
	l.Open("alice", 100)
	l.Open("bob", 0)
	if err := l.Transfer("alice", "bob", 40); err != nil {
		t.Fatal(err)
	}
	if l.Balance("alice") != 60 || l.Balance("bob") != 40 {
		t.Errorf("balances = %d, %d", l.Balance("alice"), l.Balance("bob"))
	}
}

func TestConcurrentOpposingTransfers(t *testing.T) {
	g := &gateAuditor{arrived: make(chan string), release: make(chan struct{})}
	l := New(g)
	l.Open("alice", 100)
	l.Open("bob", 100)

	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); l.Transfer("alice", "bob", 30) }()
	go func() { defer wg.Done(); l.Transfer("bob", "alice", 20) }()
	<-g.arrived
	<-g.arrived
	close(g.release)
	wg.Wait()

	if l.Balance("alice") != 90 || l.Balance("bob") != 110 {
		t.Errorf("balances = %d, %d", l.Balance("alice"), l.Balance("bob"))
	}
}
