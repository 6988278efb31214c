// Package canary fails with secrets everywhere a report can carry them:
// locals, arguments, struct fields, the panic message, the output and the
// source code. The model tests prove none of them reaches the model.
package canary

import "fmt"

type Config struct {
	User  string
	Token string
}

// Connect prints where it connects and panics when the token is wrong.
func Connect(cfg Config, dsn string) error {
	password := "canary-pw-7f3a9e"
	apiKey := "canary-key-51c0d2"
	header := "Authorization: Bearer canarybearer0123456789"
	fmt.Println("connecting to", dsn, "with", header)
	fmt.Println("aws key AKIACANARY1234567890")
	if cfg.Token != apiKey {
		panic(fmt.Sprintf("auth failed for %s: password=%s", cfg.User, password))
	}
	return nil
}
