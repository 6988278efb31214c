package quota

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestAllowWithinWindow(t *testing.T) {
	now := time.Unix(1700000000, 0)
	l := NewLimiter(2, time.Minute, func() time.Time { return now })
	got := []bool{l.Allow("c1"), l.Allow("c1"), l.Allow("c1")}
	now = now.Add(time.Minute)
	got = append(got, l.Allow("c1"))
	if fmt.Sprint(got) != "[true true false true]" {
		t.Errorf("Allow sequence = %v", got)
	}
}

func TestImportChargesEachStoredRow(t *testing.T) {
	const n = 800000
	l := NewLimiter(n, time.Hour, time.Now)
	rows := make([]Row, n)
	for i := range rows {
		rows[i] = Row{Tenant: []string{"T0", "T1", "T2", "T3"}[i%4], Data: "x"}
	}
	rows[13].Data = ""
	im := &Importer{Limiter: l, Workers: 4, ChunkSize: 50000, Store: func(r Row) error {
		if r.Data == "" {
			return errors.New("empty row")
		}
		return nil
	}}
	written, failed := im.Run(rows)
	if written != n-1 || failed != 1 || l.Used("t1") != n/4-1 {
		t.Errorf("written=%d failed=%d used(t1)=%d", written, failed, l.Used("t1"))
	}
}
