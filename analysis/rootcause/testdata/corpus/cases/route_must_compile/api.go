package router

// API is the set of REST routes for a versioned prefix.
type API struct {
	prefix string
	routes []*Route
}

// NewAPI registers list and item routes for each resource under prefix,
// which comes from the deployment config (e.g. "/api/v1").
func NewAPI(prefix string, resources ...string) *API {
	a := &API{prefix: prefix}
	for _, res := range resources {
		a.register(res)
	}
	return a
}

func (a *API) register(resource string) {
	list := MustCompileRoute(collectionPath(a.prefix, resource))
	item := MustCompileRoute(itemPath(a.prefix, resource))
	a.routes = append(a.routes, list, item)
}

// Resolve returns the pattern and params for the first matching route.
func (a *API) Resolve(p string) (string, map[string]string, bool) {
	for _, r := range a.routes {
		if params, ok := r.Match(p); ok {
			return r.Pattern, params, true
		}
	}
	return "", nil, false
}
