package zone

import "testing"

const example = `
$ORIGIN example.com.
$TTL 7200
@     A    192.0.2.1
www   A    192.0.2.10   300 ; short-lived while migrating
mail  A    192.0.2.25
@     MX   mail
`

func TestLookupExplicitTTL(t *testing.T) {
	z, err := Parse(example)
	if err != nil {
		t.Fatal(err)
	}
	rs := z.Lookup("www", "A")
	if len(rs) != 1 || rs[0].Value != "192.0.2.10" || rs[0].TTL != 300 {
		t.Errorf("www A = %+v", rs)
	}
}

func TestLookupZoneTTL(t *testing.T) {
	z, err := Parse(example)
	if err != nil {
		t.Fatal(err)
	}
	rs := z.Lookup("mail", "A")
	if len(rs) != 1 {
		t.Fatalf("mail A = %+v", rs)
	}
	if rs[0].TTL != 7200 {
		t.Errorf("mail A TTL = %d, want the zone TTL 7200", rs[0].TTL) // CRASH
	}
}

func TestLookupApex(t *testing.T) {
	z, err := Parse(example)
	if err != nil {
		t.Fatal(err)
	}
	if rs := z.Lookup("@", "MX"); len(rs) != 1 || rs[0].Name != "example.com." {
		t.Errorf("@ MX = %+v", rs)
	}
}
