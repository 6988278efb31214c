package canary

import "testing"

func TestConnect(t *testing.T) {
	cfg := Config{User: "bob", Token: "canary-tok-93be11"}
	Connect(cfg, "postgres://bob:canary-dsn-4d2a@db:5432/app")
}
