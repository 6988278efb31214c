package snmp

import "strings"

// WalkFunc is called for every variable under the walked subtree.
type WalkFunc func(PDU) error

// Walk retrieves the subtree rooted at root with successive GetNext requests.
func (c *Client) Walk(root string, fn WalkFunc) error {
	oid := root
	for {
		pdu, err := c.getNext(oid)
		if err != nil {
			return err
		}
		if pdu.Type == "endOfMibView" || !strings.HasPrefix(pdu.OID, root+".") { // CRASH
			return nil
		}
		if err := fn(*pdu); err != nil {
			return err
		}
		oid = pdu.OID
	}
}
