package tenants

import (
	"fmt"
	"sync"
)

// Record is one row of the tenant sync feed from the billing system.
type Record struct {
	ID        string
	Plan      string
	Overrides map[string]int
}

type Registry struct {
	mu      sync.Mutex
	tenants map[string]*Tenant
}

func NewRegistry() *Registry {
	return &Registry{tenants: make(map[string]*Tenant)}
}

func (r *Registry) Add(t *Tenant) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.tenants[t.ID] = t
}

func (r *Registry) Get(id string) (*Tenant, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	t, ok := r.tenants[id]
	return t, ok
}

// Sync applies a batch of records, creating tenants that are not known yet.
func (r *Registry) Sync(records []Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, rec := range records {
		if _, ok := planDefaults[rec.Plan]; !ok {
			return fmt.Errorf("tenant %s: unknown plan %q", rec.ID, rec.Plan)
		}
		t, ok := r.tenants[rec.ID]
		if !ok {
			t = &Tenant{ID: rec.ID} // ROOT
			r.tenants[rec.ID] = t
		}
		t.Plan = rec.Plan
		for res, limit := range rec.Overrides {
			t.SetQuota(res, limit)
		}
	}
	return nil
}
