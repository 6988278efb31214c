package stockimport

import (
	"strings"
	"testing"
)

func TestImportRejectsMissingColumn(t *testing.T) {
	_, err := Import(strings.NewReader("sku,quantity\nA-1,4\n"))
	if err == nil || !strings.Contains(err.Error(), "warehouse") {
		t.Fatalf("err = %v, want missing warehouse column", err)
	}
}

func TestImportStockLevels(t *testing.T) {
	data := "SKU,Warehouse,Quantity\nA-1,ams-1,40\nB-7,fra-2,0\n"
	got, err := Import(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != (StockLevel{"A-1", "ams-1", 40}) {
		t.Errorf("got %+v", got)
	}
}
