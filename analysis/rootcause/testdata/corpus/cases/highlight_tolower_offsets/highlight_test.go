package search

import (
	"slices"
	"testing"
)

var airports = []Airport{
	{"LIS", "Lisbon Humberto Delgado"},
	{"IST", "İSTANBUL AIRPORT"},
	{"MUC", "München Franz Josef Strauß"},
	{"OPO", "Porto Francisco Sá Carneiro"},
}

func TestSuggestByName(t *testing.T) {
	got := Suggest(airports, "franz")
	want := []string{"MUC München [Franz] Josef Strauß"}
	if !slices.Equal(got, want) {
		t.Errorf("Suggest(franz) = %q, want %q", got, want)
	}
}

func TestSuggestByCode(t *testing.T) {
	if got := Suggest(airports, "opo"); !slices.Equal(got, []string{"OPO Porto Francisco Sá Carneiro"}) {
		t.Errorf("Suggest(opo) = %q", got)
	}
}

func TestSuggestAirportKeyword(t *testing.T) {
	got := Suggest(airports, "airport")
	want := []string{"IST İSTANBUL [AIRPORT]"}
	if !slices.Equal(got, want) {
		t.Errorf("Suggest(airport) = %q, want %q", got, want) // CRASH
	}
}
