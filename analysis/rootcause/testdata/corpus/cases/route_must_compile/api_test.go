package router

import "testing"

func TestResolveItemRoute(t *testing.T) {
	a := NewAPI("/api/v1", "orders", "customers")
	pat, params, ok := a.Resolve("/api/v1/customers/c-42")
	if !ok || pat != "/api/v1/customers/{id}" || params["id"] != "c-42" {
		t.Errorf("Resolve = %q %v %v", pat, params, ok)
	}
}

func TestResolveWithPrefixFromConfigFile(t *testing.T) {
	a := NewAPI("/api/v2/", "invoices")
	if _, params, ok := a.Resolve("/api/v2/invoices/inv-7"); !ok || params["id"] != "inv-7" {
		t.Errorf("Resolve params = %v, ok = %v", params, ok)
	}
}
