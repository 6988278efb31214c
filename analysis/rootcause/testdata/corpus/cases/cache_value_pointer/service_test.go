package accounts

import (
	"testing"
	"time"
)

type memRepo struct {
	data  map[string]Account
	finds int
}

func (r *memRepo) Find(id string) (*Account, error) {
	r.finds++
	a, ok := r.data[id]
	if !ok {
		return nil, ErrNotFound
	}
	return &a, nil
}

func (r *memRepo) FindMany(ids []string) ([]Account, error) {
	var out []Account
	for _, id := range ids {
		if a, ok := r.data[id]; ok {
			out = append(out, a)
		}
	}
	return out, nil
}

func newSvc() (*Service, *memRepo) {
	repo := &memRepo{data: map[string]Account{
		"a1": {ID: "a1", Name: "Acme", Plan: "team"},
		"a2": {ID: "a2", Name: "Globex", Plan: "free"},
	}}
	now := time.Unix(1700000000, 0)
	return NewService(repo, NewCache(func() time.Time { return now }), time.Minute), repo
}

func TestAccountIsCachedAfterFirstRead(t *testing.T) {
	svc, repo := newSvc()
	for i := 0; i < 3; i++ {
		if a, err := svc.Account("a1"); err != nil || a.Name != "Acme" {
			t.Fatalf("Account = %v, %v", a, err)
		}
	}
	if repo.finds != 1 {
		t.Errorf("repo hit %d times, want 1", repo.finds)
	}
}

func TestAccountServedFromWarmCache(t *testing.T) {
	svc, repo := newSvc()
	if _, err := svc.Warm([]string{"a1", "a2"}); err != nil {
		t.Fatal(err)
	}
	a, err := svc.Account("a2")
	if err != nil || a.Name != "Globex" || repo.finds != 0 {
		t.Errorf("Account = %+v, %v (repo finds %d)", a, err, repo.finds)
	}
}
