package jobs

import (
	"errors"
	"strings"
	"time"
)

const defaultTimeout = 10 * time.Minute

// Spec is a job definition as stored by the API.
type Spec struct {
	Name           string `json:"name"`
	Image          string `json:"image"`
	TimeoutSeconds int64  `json:"timeoutSeconds,omitempty"`
	Retries        int    `json:"retries,omitempty"`
}

var ErrInvalidSpec = errors.New("jobs: invalid spec")

func (s Spec) validate() error {
	if strings.TrimSpace(s.Name) == "" || s.Image == "" || s.TimeoutSeconds < 0 || s.Retries < 0 {
		return ErrInvalidSpec
	}
	return nil
}

func (s Spec) timeout() time.Duration {
	if s.TimeoutSeconds == 0 {
		return defaultTimeout
	}
	return time.Duration(s.TimeoutSeconds) // ROOT
}
