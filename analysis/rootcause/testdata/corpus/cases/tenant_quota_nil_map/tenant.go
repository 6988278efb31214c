package tenants

// planDefaults are the resource limits that come with each plan.
var planDefaults = map[string]map[string]int{
	"free":     {"projects": 3, "seats": 2, "api_rpm": 60},
	"team":     {"projects": 50, "seats": 25, "api_rpm": 600},
	"business": {"projects": 500, "seats": 250, "api_rpm": 6000},
}

// Tenant is a customer organisation and its effective quotas.
type Tenant struct {
	ID     string
	Plan   string
	quotas map[string]int
}

func NewTenant(id, plan string) *Tenant {
	t := &Tenant{ID: id, Plan: plan, quotas: make(map[string]int)}
	for res, limit := range planDefaults[plan] {
		t.quotas[res] = limit
	}
	return t
}

// SetQuota overrides the limit for a single resource.
func (t *Tenant) SetQuota(resource string, limit int) {
	t.quotas[resource] = limit // CRASH
}

// Quota returns the limit for resource, falling back to the plan default.
func (t *Tenant) Quota(resource string) int {
	if v, ok := t.quotas[resource]; ok {
		return v
	}
	return planDefaults[t.Plan][resource]
}
