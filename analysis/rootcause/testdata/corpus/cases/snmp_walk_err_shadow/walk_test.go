package snmp

import (
	"errors"
	"sort"
	"testing"
	"time"
)

// agent serves GetNext over a sorted table and can stop answering after a
// number of requests.
type agent struct {
	oids     []string
	values   map[string]any
	answered int
	dieAfter int
}

func newAgent(values map[string]any) *agent {
	a := &agent{values: values, dieAfter: -1}
	for k := range values {
		a.oids = append(a.oids, k)
	}
	sort.Strings(a.oids)
	return a
}

func (a *agent) Exchange(r Request, _ time.Duration) (*PDU, error) {
	if a.dieAfter >= 0 && a.answered >= a.dieAfter {
		return nil, ErrTimeout
	}
	a.answered++
	for _, o := range a.oids {
		if o > r.OID {
			return &PDU{OID: o, Type: "OctetString", Value: a.values[o]}, nil
		}
	}
	return &PDU{OID: r.OID, Type: "endOfMibView"}, nil
}

var ifTable = map[string]any{
	"1.3.6.1.2.1.2.2.1.2.1": "lo",
	"1.3.6.1.2.1.2.2.1.2.2": "eth0",
	"1.3.6.1.2.1.2.2.1.2.3": "eth1",
	"1.3.6.1.2.1.2.2.1.3.1": 24,
}

func TestWalkInterfaceNames(t *testing.T) {
	c := NewClient(newAgent(ifTable))
	var names []any
	err := c.Walk("1.3.6.1.2.1.2.2.1.2", func(p PDU) error { names = append(names, p.Value); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 3 || names[1] != "eth0" {
		t.Errorf("names = %v", names)
	}
}

func TestWalkReportsTimeout(t *testing.T) {
	a := newAgent(ifTable)
	a.dieAfter = 2
	c := NewClient(a)
	err := c.Walk("1.3.6.1.2.1.2.2.1.2", func(PDU) error { return nil })
	if !errors.Is(err, ErrTimeout) {
		t.Errorf("Walk() error = %v, want ErrTimeout", err)
	}
}
