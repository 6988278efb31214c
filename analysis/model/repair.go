package model

import (
	"context"
	"fmt"
	"strings"

	"github.com/sleuth-dev/sleuth/analysis/fix"
	"github.com/sleuth-dev/sleuth/analysis/report"
)

// Verifier verifies a candidate by re-running the failure with it applied;
// *fix.Verifier is the one sleuth uses.
type Verifier interface {
	Verify(ctx context.Context, c fix.Candidate) fix.Outcome
}

// DefaultRounds is how many times Repair asks the model.
const DefaultRounds = 3

// Repair verifies the model's fixes and refines them: each candidate of a
// round is verified; when none holds, the model is asked again with what
// was tried and how it failed (the verifier's account of the new failure,
// redacted), up to opts.Rounds model calls in all. first is the answer of an
// earlier Explain, used as round one; nil asks the model first.
//
// Every outcome is returned, verified or not, verified first; a candidate
// proposed twice is verified once. The error is the model's (an *Error, or
// ctx's), returned with the outcomes gathered before it.
func Repair(ctx context.Context, rep *report.Report, opts Options, first *Result, v Verifier) ([]fix.Outcome, error) {
	rounds := opts.Rounds
	if rounds <= 0 {
		rounds = DefaultRounds
	}
	var res Result
	if first != nil {
		res = *first
	} else {
		var err error
		if res, err = Explain(ctx, rep, opts); err != nil {
			return nil, err
		}
	}
	var verified, failed []fix.Outcome
	var tried []Attempt
	seen := map[string]bool{}
	for round := 1; ; round++ {
		triedBefore := len(tried)
		for _, d := range res.Dropped {
			tried = append(tried, Attempt{Title: d, Detail: "rejected before testing: " + d})
		}
		for _, c := range res.Fixes {
			key := fingerprint(c)
			if seen[key] {
				continue
			}
			seen[key] = true
			o := v.Verify(ctx, c)
			if ctx.Err() != nil {
				return append(verified, failed...), ctx.Err()
			}
			if o.Verified {
				verified = append(verified, o)
				continue
			}
			failed = append(failed, o)
			tried = append(tried, Attempt{Title: c.Title, Diff: o.Diff, Detail: o.Detail})
		}
		// Stop when a fix holds, at the round limit, or when this round
		// proposed nothing new: asking again with the same prompt would
		// get the same answer.
		if len(verified) > 0 || round >= rounds || len(tried) == triedBefore {
			return append(verified, failed...), nil
		}
		next, err := explain(ctx, rep, opts, tried)
		if err != nil {
			return append(verified, failed...), err
		}
		res = next
	}
}

// fingerprint identifies a candidate by its edits.
func fingerprint(c fix.Candidate) string {
	var b strings.Builder
	for _, e := range c.Edits {
		fmt.Fprintf(&b, "%s:%d-%d:%s\x00", e.File, e.StartLine, e.EndLine, strings.TrimSpace(e.NewText))
	}
	return b.String()
}
