package snmp

import (
	"errors"
	"time"
)

type Op int

const (
	Get Op = iota
	GetNext
)

type Request struct {
	Op  Op
	OID string
}

// PDU is one variable binding returned by an agent.
type PDU struct {
	OID   string
	Type  string
	Value any
}

// Conn exchanges one request with an agent.
type Conn interface {
	Exchange(Request, time.Duration) (*PDU, error)
}

var ErrTimeout = errors.New("snmp: request timeout")
