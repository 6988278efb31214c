package billing

import (
	"testing"
	"time"
)

type fakeMeter map[string][]UsageRecord

func (m fakeMeter) Usage(account string, p Period) ([]UsageRecord, error) {
	var out []UsageRecord
	for _, u := range m[account] {
		if !u.At.Before(p.Start) && u.At.Before(p.End) {
			out = append(out, u)
		}
	}
	return out, nil
}

var march = Period{
	Start: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC),
	End:   time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC),
}

func TestRunCycleChargesPlatformFeeToIdleAccounts(t *testing.T) {
	meter := fakeMeter{
		"acme": {
			{Account: "acme", Metric: "api_calls", Units: 1200, At: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)},
			{Account: "acme", Metric: "storage_gb", Units: 3, At: time.Date(2024, 3, 9, 0, 0, 0, 0, time.UTC)},
		},
		"globex": {
			{Account: "globex", Metric: "api_calls", Units: 10, At: time.Date(2024, 2, 27, 0, 0, 0, 0, time.UTC)},
		},
	}
	b := NewBiller(meter, map[string]int64{"api_calls": 2, "storage_gb": 100}, 500)
	got, err := NewRunner(b, []string{"acme", "globex"}).RunCycle(march)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Total != 500+2400+300 || got[1].Total != 500 {
		t.Errorf("summaries = %+v", got)
	}
}
