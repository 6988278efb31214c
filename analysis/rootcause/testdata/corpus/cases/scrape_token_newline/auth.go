package scrape

import (
	"errors"
	"os"
)

var ErrBothCredentials = errors.New("scrape: bearer_token and bearer_token_file are mutually exclusive")

// Auth is the authorization section of a scrape job.
type Auth struct {
	BearerToken     string
	BearerTokenFile string
}

func readBearerToken(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	return string(b), nil // ROOT
}

// token resolves the credential to send, reading the file if configured.
func (a Auth) token() (string, error) {
	switch {
	case a.BearerToken != "" && a.BearerTokenFile != "":
		return "", ErrBothCredentials
	case a.BearerTokenFile != "":
		return readBearerToken(a.BearerTokenFile)
	}
	return a.BearerToken, nil
}
