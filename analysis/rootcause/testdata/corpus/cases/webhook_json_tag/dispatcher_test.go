package delivery

import (
	"strings"
	"testing"
)

const sampleConfig = `{
  "endpoints": [
    {
      "name": "billing",
      "url": "https://billing.internal/hooks",
      "events": ["invoice.paid", "invoice.failed"],
      "retry": {"max_attempts": 5, "initial_backoff": "2s"}
    },
    {
      "name": "crm",
      "url": "https://crm.internal/hooks",
      "events": ["invoice.paid"],
      "retry": {"max_attempts": 2, "initial_backoff": "1s"}
    }
  ]
}`

func TestLoadConfigRequiresURL(t *testing.T) {
	_, err := LoadConfig(strings.NewReader(`{"endpoints":[{"name":"x"}]}`))
	if err == nil {
		t.Fatal("expected error for endpoint without url")
	}
}

func TestDispatcherUsesConfiguredRetries(t *testing.T) {
	cfg, err := LoadConfig(strings.NewReader(sampleConfig))
	if err != nil {
		t.Fatal(err)
	}
	plan := NewDispatcher(cfg).Plan("invoice.paid")
	if plan["billing"] != 5 || plan["crm"] != 2 {
		t.Errorf("plan = %v, want billing:5 crm:2", plan)
	}
}
