package booking

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

var ErrClosed = errors.New("booking: clinic closed at that time")

type Appointment struct {
	Clinic  string
	Patient string
	At      time.Time // stored in UTC
	Ends    time.Time
}

// Book reserves a slot given as local wall-clock time ("2006-01-02 15:04").
func Book(c Clinic, patient, when string) (Appointment, error) {
	t, err := c.parseSlot(strings.TrimSpace(when))
	if err != nil {
		return Appointment{}, fmt.Errorf("booking: %w", err)
	}
	if !c.open(t) {
		return Appointment{}, ErrClosed
	}
	at := t.UTC()
	return Appointment{Clinic: c.Name, Patient: patient, At: at, Ends: at.Add(c.Slot)}, nil
}
