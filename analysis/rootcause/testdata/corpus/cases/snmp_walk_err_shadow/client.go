package snmp

import "time"

type Client struct {
	conn    Conn
	Timeout time.Duration
	Retries int
}

func NewClient(c Conn) *Client {
	return &Client{conn: c, Timeout: 2 * time.Second, Retries: 2}
}

// getNext asks for the variable that follows oid, retrying on failure.
func (c *Client) getNext(oid string) (*PDU, error) {
	var pdu *PDU
	var err error
	for attempt := 0; attempt <= c.Retries; attempt++ {
		pdu, err := c.conn.Exchange(Request{Op: GetNext, OID: oid}, c.Timeout) // ROOT
		if err == nil {
			return pdu, nil
		}
	}
	return pdu, err
}
