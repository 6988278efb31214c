package model

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sleuth-dev/sleuth/analysis/fix"
	"github.com/sleuth-dev/sleuth/internal/testenv"
)

// candidates for the orders workspace of failingReport.
func orderFixes(root string) (bad, dup, good fix.Candidate) {
	file := filepath.Join(root, "orders.go")
	bad = fix.Candidate{Title: "guard", Source: fix.SourceModel, Edits: []fix.Edit{{File: file, StartLine: 13, EndLine: 13, NewText: "\tif o.Items != nil { o.Items[sku] += n }"}}}
	dup = bad
	dup.Title = "guard again"
	good = fix.Candidate{Title: "initialise Items", Source: fix.SourceModel, Edits: []fix.Edit{{File: file, StartLine: 9, EndLine: 9, NewText: "\treturn &Order{ID: id, Items: map[string]int{}}"}}}
	return bad, dup, good
}

func TestRepairStopsAtVerified(t *testing.T) {
	rep := failingReport(t)
	bad, dup, good := orderFixes(rep.Target.Dir)
	var calls []string
	v := verifierFunc(func(ctx context.Context, c fix.Candidate) fix.Outcome {
		calls = append(calls, c.Title)
		return fix.Outcome{Candidate: c, Verified: c.Title == good.Title, Detail: "ran"}
	})
	// A model that is not there: Repair must not need it.
	port, _ := freePort()
	opts := Options{Client: NewClient(Config{Host: "127.0.0.1:" + itoa(port)})}
	outs, err := Repair(context.Background(), rep, opts, &Result{Fixes: []fix.Candidate{bad, dup, good}}, v)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(calls, ",") != "guard,initialise Items" {
		t.Errorf("verified %v: the duplicate should be skipped", calls)
	}
	if len(outs) != 2 || !outs[0].Verified || outs[0].Candidate.Title != good.Title || outs[1].Verified {
		t.Errorf("outcomes %+v: want the verified one first, then the failed one", outs)
	}
}

func TestRepairModelDown(t *testing.T) {
	rep := failingReport(t)
	bad, _, _ := orderFixes(rep.Target.Dir)
	v := verifierFunc(func(ctx context.Context, c fix.Candidate) fix.Outcome {
		return fix.Outcome{Candidate: c, Detail: "not verified: still panics"}
	})
	port, _ := freePort()
	opts := Options{Client: NewClient(Config{Host: "127.0.0.1:" + itoa(port)})}
	outs, err := Repair(context.Background(), rep, opts, &Result{Fixes: []fix.Candidate{bad}}, v)
	if !errors.Is(err, ErrNotRunning) {
		t.Errorf("err %v, want not running", err)
	}
	if len(outs) != 1 || outs[0].Verified {
		t.Errorf("outcomes %+v: the unverified attempt must be kept", outs)
	}
}

// TestRepairRealServer refines against the tiny model: each round's
// request carries every failed attempt, and the loop stops at the round
// limit or when a round brings nothing new.
func TestRepairRealServer(t *testing.T) {
	testenv.NeedsOllama(t)
	host := server(t)
	rec := newRecorder(t, host)
	rep := failingReport(t)
	bad, _, _ := orderFixes(rep.Target.Dir)
	v := verifierFunc(func(ctx context.Context, c fix.Candidate) fix.Outcome {
		return fix.Outcome{Candidate: c, Detail: "not verified: TestAdd still fails: assignment to entry in nil map"}
	})
	opts := Options{Client: NewClient(Config{Host: rec.URL, Model: tinyModel, NumCtx: 4096, NumPredict: 768, BytesPerToken: 1, Options: map[string]any{"seed": 1}}), Rounds: 3}
	outs, err := Repair(testContext(t), rep, opts, &Result{Fixes: []fix.Candidate{bad}}, v)
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) == 0 || outs[0].Candidate.Title != "guard" {
		t.Errorf("outcomes %+v", outs)
	}
	bodies := rec.Bodies()
	if len(bodies) == 0 || len(bodies) > 2 {
		t.Fatalf("%d model calls for 3 rounds with round one given", len(bodies))
	}
	for i, b := range bodies {
		if !strings.Contains(b, "Fixes already tried") || !strings.Contains(b, "TestAdd still fails") {
			t.Errorf("request %d lacks the failed attempt", i)
		}
	}
}
