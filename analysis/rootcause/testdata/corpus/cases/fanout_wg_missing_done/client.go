package pricefeed

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

type Quote struct {
	Symbol string  `json:"symbol"`
	Price  float64 `json:"price"`
}

// Client fetches single-symbol quotes from the upstream pricing API.
type Client struct {
	BaseURL string
	HTTP    *http.Client
}

func (c *Client) Quote(ctx context.Context, symbol string) (Quote, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.BaseURL+"/quotes/"+symbol, nil)
	if err != nil {
		return Quote{}, err
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return Quote{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Quote{}, fmt.Errorf("quote %s: %s", symbol, resp.Status)
	}
	var q Quote
	if err := json.NewDecoder(resp.Body).Decode(&q); err != nil {
		return Quote{}, fmt.Errorf("quote %s: %w", symbol, err)
	}
	return q, nil
}
