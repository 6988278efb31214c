package payouts

import (
	"strings"
	"testing"
)

func TestImportCollectsRowErrors(t *testing.T) {
	res := Import(strings.NewReader("PO-1,acct-9,1500\nPO-2,acct-3,abc\n"))
	if len(res.Payouts) != 1 || len(res.Errors) != 1 || res.TotalCents != 1500 {
		t.Errorf("result = %+v", res)
	}
}

func TestImportBankExportWithTrailer(t *testing.T) {
	data := "; export 2024-05-01\nPO-1,acct-9,1500\nPO-2,acct-3,2500\n#EOF,2\n"
	res := Import(strings.NewReader(data))
	if len(res.Payouts) != 2 || res.TotalCents != 4000 {
		t.Errorf("result = %+v", res)
	}
}
