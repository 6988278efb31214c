package tenants

import "testing"

func TestSyncUpdatesExistingTenant(t *testing.T) {
	r := NewRegistry()
	r.Add(NewTenant("t-1", "free"))
	if err := r.Sync([]Record{{ID: "t-1", Plan: "team", Overrides: map[string]int{"seats": 40}}}); err != nil {
		t.Fatal(err)
	}
	tn, _ := r.Get("t-1")
	if tn.Plan != "team" || tn.Quota("seats") != 40 {
		t.Errorf("plan=%s seats=%d", tn.Plan, tn.Quota("seats"))
	}
}

func TestSyncCreatesTenantWithOverrides(t *testing.T) {
	r := NewRegistry()
	err := r.Sync([]Record{{ID: "t-9", Plan: "business", Overrides: map[string]int{"api_rpm": 12000}}})
	if err != nil {
		t.Fatal(err)
	}
	tn, ok := r.Get("t-9")
	if !ok || tn.Quota("api_rpm") != 12000 || tn.Quota("seats") != 250 {
		t.Errorf("tenant t-9 = %+v", tn)
	}
}
