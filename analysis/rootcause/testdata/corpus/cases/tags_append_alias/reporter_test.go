package telemetry

import (
	"testing"
	"time"
)

func TestTaggerSkipsBlankExtras(t *testing.T) {
	tg := NewTagger("checkout", "prod", " ", "region:eu")
	if got := tg.With(); len(got) != 3 || got[2] != "region:eu" {
		t.Errorf("tags = %v", got)
	}
}

func TestRecordRequestTagsEachSeries(t *testing.T) {
	r := NewReporter(NewTagger("checkout", "prod"))
	r.RecordRequest("/cart", 503, 120*time.Millisecond)
	got := r.Flush()
	key := "http.request.duration_ms{env:prod,route:/cart,service:checkout}"
	if v, ok := got[key]; !ok || v != 120 {
		t.Errorf("missing %s in %v", key, got) // CRASH
	}
}
