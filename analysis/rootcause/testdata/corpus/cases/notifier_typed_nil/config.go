package orders

import (
	"net/http"
	"time"
)

// Config controls outbound notifications.
type Config struct {
	WebhookURL    string
	WebhookSecret string
	Timeout       time.Duration
}

func newNotifier(cfg Config) Notifier {
	var wh *WebhookNotifier
	if cfg.WebhookURL != "" {
		wh = &WebhookNotifier{
			client: &http.Client{Timeout: cfg.Timeout},
			url:    cfg.WebhookURL,
			secret: cfg.WebhookSecret,
		}
	}
	return wh // ROOT
}
