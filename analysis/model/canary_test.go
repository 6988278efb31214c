package model

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/capture"
	"github.com/sleuth-dev/sleuth/analysis/fix"
	"github.com/sleuth-dev/sleuth/analysis/rootcause"
	"github.com/sleuth-dev/sleuth/internal/testenv"
)

// canaries are the secrets testdata/canary plants.
var canaries = []string{
	"canary-pw-7f3a9e",       // a local named password, the panic message, the source
	"canary-key-51c0d2",      // a local named apiKey, the source
	"canary-tok-93be11",      // a struct field named Token, the test's source
	"canary-dsn-4d2a",        // the password of a DSN: an argument, the output
	"AKIACANARY1234567890",   // an AWS key id in the output and the source
	"canarybearer0123456789", // a bearer token in a local, the output, the source
}

// TestCanarySecrets captures a real failing test under Delve whose locals,
// arguments, message, output and source hold secrets, runs root-cause
// analysis, then Explain and a Repair round through a recording proxy in
// front of the real server, and checks that no secret is in any request
// body that left the process, including the feedback of a failed fix whose
// verification output repeats them.
func TestCanarySecrets(t *testing.T) {
	testenv.NeedsDelve(t)
	testenv.NeedsOllama(t)
	host := server(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir, _ := filepath.Abs("testdata/canary")
	rep, err := capture.Run(ctx, capture.Options{Dir: dir, Packages: []string{"."}, Run: "TestConnect", Timeout: time.Minute})
	if err != nil {
		t.Fatalf("capture: %v", err)
	}
	if rep.Failure == nil {
		t.Fatalf("the canary test did not fail: %s", rep.Target.Output)
	}
	sus, expl, err := rootcause.AnalyzeWith(ctx, rep, nil)
	if err != nil {
		t.Fatalf("rootcause: %v", err)
	}
	rep.Suspects, rep.Explanation = sus, expl

	// The test means something only if the report holds the secrets.
	raw, _ := json.Marshal(rep)
	for _, c := range canaries[:4] {
		if !strings.Contains(string(raw), c) {
			t.Errorf("the captured report lacks %s: the test plants nothing", c)
		}
	}

	rec := newRecorder(t, host)
	opts := Options{
		Client: NewClient(Config{Host: rec.URL, Model: tinyModel, NumCtx: 4096, NumPredict: 1024, Options: map[string]any{"seed": 3}}),
		Past:   []Past{{Summary: "auth failed with password=canary-pw-7f3a9e", Fix: "send Authorization: Bearer canarybearer0123456789", Worked: true}},
		Rounds: 2,
	}
	// The captured report varies from run to run (addresses, timings), so
	// the tiny model's gibberish does too: a reply that is not usable is
	// fine here, the request is what is checked.
	res, err := Explain(ctx, rep, opts)
	if err != nil && !errors.Is(err, ErrGarbage) {
		t.Fatalf("explain: %v", err)
	}
	// A fix the model might have proposed, which fails verification with
	// output full of secrets: the next round's prompt carries that output.
	file := filepath.Join(dir, "canary.go")
	res.Fixes = []fix.Candidate{{Title: "compare the right token", Source: fix.SourceModel, Edits: []fix.Edit{{File: file, StartLine: 20, EndLine: 20, NewText: "\tif cfg.Token == \"\" {\n"}}}}
	v := verifierFunc(func(ctx context.Context, c fix.Candidate) fix.Outcome {
		return fix.Outcome{Candidate: c, Detail: "not verified: panic: auth failed for bob: password=canary-pw-7f3a9e (postgres://bob:canary-dsn-4d2a@db:5432/app)"}
	})
	outs, err := Repair(ctx, rep, opts, &res, v)
	if err != nil && !errors.Is(err, ErrGarbage) {
		t.Fatalf("repair: %v", err)
	}
	if len(outs) != 1 || outs[0].Verified {
		t.Errorf("outcomes %+v", outs)
	}

	bodies := rec.Bodies()
	if len(bodies) != 2 {
		t.Fatalf("%d model requests, want 2 (explain, one refinement)", len(bodies))
	}
	if !strings.Contains(bodies[1], "Fixes already tried") {
		t.Errorf("the refinement request does not carry the failed attempt")
	}
	for i, b := range bodies {
		for _, c := range canaries {
			if strings.Contains(b, c) {
				j := strings.Index(b, c)
				t.Errorf("request %d leaks %s: …%s…", i, c, b[max(0, j-200):min(len(b), j+50)])
			}
		}
	}
	if !strings.Contains(bodies[0], "[redacted]") {
		t.Errorf("no redaction mask in the request: the prompt may lack the evidence")
	}
}

// verifierFunc adapts a function to Verifier.
type verifierFunc func(ctx context.Context, c fix.Candidate) fix.Outcome

func (f verifierFunc) Verify(ctx context.Context, c fix.Candidate) fix.Outcome { return f(ctx, c) }
