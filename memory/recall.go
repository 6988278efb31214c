package memory

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
)

// Similarity weights: what two failures share, out of 1. Equal kinds and
// messages in the same package are a variant of one bug; equal kinds and
// messages alone are the same mistake elsewhere.
const (
	weightKind    = 0.25
	weightFrames  = 0.35
	weightPackage = 0.10
	weightMessage = 0.30
	// minSimilar is the score below which an incident is not shown.
	minSimilar = 0.45
	// maxExact bounds the exact matches listed, so similar ones still show.
	maxExact = 3
)

// Recall returns what is remembered about sig.
func (s *SQLite) Recall(ctx context.Context, sig Signature, k int) (Recall, error) {
	rc := Recall{Matches: []Match{}}
	if k <= 0 {
		k = 5
	}
	key := sig.Key()
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM incidents WHERE key = ?`, key).Scan(&rc.Seen); err != nil {
		return rc, wrap("recall", err)
	}
	if rc.Seen > 0 {
		exact, err := s.query(ctx, `SELECT `+incidentCols+` FROM incidents WHERE key = ? ORDER BY at DESC LIMIT ?`, key, min(k, maxExact))
		if err != nil {
			return rc, wrap("recall", err)
		}
		fixed, err := s.query(ctx, `SELECT `+incidentCols+` FROM incidents WHERE key = ? AND resolved_at IS NOT NULL ORDER BY resolved_at DESC LIMIT 1`, key)
		if err != nil {
			return rc, wrap("recall", err)
		}
		if len(fixed) == 1 {
			if err := s.loadFixes(ctx, fixed); err != nil {
				return rc, wrap("recall", err)
			}
			rc.LastFixed = &fixed[0]
			if !containsID(exact, fixed[0].ID) {
				exact = append(exact[:min(len(exact), maxExact-1)], fixed[0])
			}
		}
		if err := s.loadFixes(ctx, exact); err != nil {
			return rc, wrap("recall", err)
		}
		for _, in := range exact {
			rc.Matches = append(rc.Matches, Match{Incident: in, Exact: true, Score: 1, Why: exactWhy(in)})
		}
	}
	if len(rc.Matches) >= k {
		return rc, nil
	}
	similar, err := s.similar(ctx, sig, key, k-len(rc.Matches), &rc)
	if err != nil {
		return rc, err
	}
	rc.Matches = append(rc.Matches, similar...)
	return rc, nil
}

func containsID(ins []Incident, id int64) bool {
	for _, in := range ins {
		if in.ID == id {
			return true
		}
	}
	return false
}

func exactWhy(in Incident) []string {
	why := []string{"same failure: kind, user frames and message"}
	if in.Resolved != nil {
		why = append(why, fmt.Sprintf("fixed on %s by %s", in.Resolved.Time.Format("2006-01-02"), in.FixedBy()))
	} else {
		why = append(why, "still open")
	}
	return why
}

// similar finds up to k incidents resembling sig with another key. Four
// bounded, indexed sources propose candidates: incidents sharing a
// function of the signature, of the same kind in the same package, of the
// same kind and message anywhere, and full-text hits on the signature's
// rare words (those fewer than maxDocFreq incidents hold: a word every
// nil dereference has says nothing and would cost a scan). scoreSimilar
// then decides on the signatures; only the k kept are read whole.
//
// With an embedder, sig's text is embedded and compared with the vectors
// of the same model (cosines): incidents at or above the threshold join
// the candidates, and each candidate's score combines its signature's and
// its cosine's (combine). When the embedder fails, rc.EmbedErr says so and
// the indexes alone decide, as without one.
func (s *SQLite) similar(ctx context.Context, sig Signature, key string, k int, rc *Recall) ([]Match, error) {
	ids := map[int64]bool{}
	collect := func(q string, args ...any) error {
		rows, err := s.db.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids[id] = true
		}
		return rows.Err()
	}
	for fn := range setOf(sig.Frames) {
		if err := collect(`SELECT incident FROM frames WHERE func = ? ORDER BY incident DESC LIMIT ?`, fn, perSource); err != nil {
			return nil, wrap("recall", err)
		}
	}
	if err := collect(`SELECT id FROM incidents WHERE site = ? AND kind = ? ORDER BY at DESC LIMIT ?`, sig.site(), sig.Kind, perSource); err != nil {
		return nil, wrap("recall", err)
	}
	if err := collect(`SELECT id FROM incidents WHERE kind = ? AND message = ? ORDER BY at DESC LIMIT ?`, sig.Kind, sig.Message, perSource); err != nil {
		return nil, wrap("recall", err)
	}
	terms, err := s.rareTerms(ctx, queryTerms(sig))
	if err != nil {
		return nil, wrap("recall", err)
	}
	if len(terms) > 0 {
		q := `"` + strings.Join(terms, `" OR "`) + `"`
		if err := collect(`SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ? ORDER BY rank LIMIT ?`, q, candidates); err != nil {
			return nil, wrap("recall", err)
		}
	}
	delete(ids, 0)
	var cos map[int64]float64
	var model string
	if s.embedder != nil {
		q, err := s.embedSig(ctx, sig)
		if err != nil {
			if ctx.Err() != nil {
				return nil, wrap("recall", ctx.Err())
			}
			rc.EmbedErr = err
		} else {
			model = s.embedder.EmbedModel()
			var joined []int64
			if cos, joined, err = s.cosines(ctx, q, model, ids); err != nil {
				return nil, wrap("recall", err)
			}
			for _, id := range joined {
				ids[id] = true
			}
		}
	}
	cands, err := s.signatures(ctx, ids)
	if err != nil {
		return nil, wrap("recall", err)
	}
	best := map[string]int{} // key → index in out: one match per signature
	var out []Match
	for _, c := range cands {
		if c.Key == key {
			continue
		}
		score, why := scoreSimilar(sig, c.Signature)
		if cv, ok := cos[c.ID]; ok && cv >= s.minCosine {
			score, why = combine(score, why, cv, s.minCosine, model)
		}
		if score < minSimilar {
			continue
		}
		m := Match{Incident: c, Score: score, Why: why}
		if i, ok := best[c.Key]; ok {
			// Prefer the fixed occurrence, then the newest.
			if old := out[i].Incident; old.Resolved == nil && c.Resolved != nil || (old.Resolved == nil) == (c.Resolved == nil) && c.Time.After(old.Time) {
				out[i] = m
			}
			continue
		}
		best[c.Key] = len(out)
		out = append(out, m)
	}
	sortMatches(out)
	out = out[:min(len(out), k)]
	keep := map[int64]bool{}
	for _, m := range out {
		keep[m.Incident.ID] = true
	}
	full, err := s.byID(ctx, keep)
	if err != nil {
		return nil, wrap("recall", err)
	}
	for i := range out {
		in := full[out[i].Incident.ID]
		out[i].Incident = in
		if in.Resolved != nil {
			out[i].Why = append(out[i].Why, fmt.Sprintf("fixed on %s by %s", in.Resolved.Time.Format("2006-01-02"), in.FixedBy()))
		}
	}
	return out, nil
}

// Candidate bounds.
const (
	perSource  = 16  // incidents taken from each indexed source
	candidates = 32  // full-text hits taken
	maxDocFreq = 250 // a word in more incidents is not searched for
	maxRare    = 8   // words searched for per recall
)

// rareTerms returns the rarest terms, at most maxRare of those fewer than
// maxDocFreq incidents hold: bm25 ranks every incident a searched word is
// in, so a recall searches only words that are both telling and cheap. The
// counts only grow (forgetting does not lower them), so after a prune a
// word may be skipped that would now qualify: a lost candidate, never a
// slow recall.
func (s *SQLite) rareTerms(ctx context.Context, terms []string) ([]string, error) {
	if len(terms) == 0 {
		return nil, nil
	}
	args := make([]any, len(terms))
	for i, t := range terms {
		args[i] = t
	}
	rows, err := s.db.QueryContext(ctx, `SELECT term FROM terms WHERE term IN (`+
		strings.TrimSuffix(strings.Repeat("?,", len(terms)), ",")+`) AND docs < ? ORDER BY docs LIMIT ?`,
		append(args, maxDocFreq, maxRare)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// indexedWords are the distinct words the full-text index holds for in,
// split as its tokenizer (unicode61) splits them.
func indexedWords(in Incident) []string {
	var out []string
	seen := map[string]bool{}
	for _, text := range []string{in.Signature.Kind, strings.Join(in.Signature.Frames, " "), in.Signature.Message, in.Test, in.Package} {
		for _, w := range ftsWords(text) {
			if !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return out
}

// ftsWords splits text into lower-case words as unicode61 does: runs of
// letters and digits.
func ftsWords(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func idArgs(ids map[int64]bool) (string, []any) {
	args := make([]any, 0, len(ids))
	for id := range ids {
		args = append(args, id)
	}
	return strings.TrimSuffix(strings.Repeat("?,", len(args)), ","), args
}

// signatures reads only what scoring needs of incidents ids.
func (s *SQLite) signatures(ctx context.Context, ids map[int64]bool) ([]Incident, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	marks, args := idArgs(ids)
	rows, err := s.db.QueryContext(ctx, `SELECT id, key, kind, frames, message, at, resolved_at FROM incidents WHERE id IN (`+marks+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Incident
	for rows.Next() {
		var in Incident
		var frames string
		var at int64
		var resolved sql.NullInt64
		if err := rows.Scan(&in.ID, &in.Key, &in.Signature.Kind, &frames, &in.Signature.Message, &at, &resolved); err != nil {
			return nil, err
		}
		in.Signature.Frames, in.Time = splitFrames(frames), time.UnixMilli(at).UTC()
		if resolved.Valid {
			in.Resolved = &Resolution{Time: time.UnixMilli(resolved.Int64).UTC()}
		}
		out = append(out, in)
	}
	return out, rows.Err()
}

// byID reads incidents ids whole, with their fixes.
func (s *SQLite) byID(ctx context.Context, ids map[int64]bool) (map[int64]Incident, error) {
	out := map[int64]Incident{}
	if len(ids) == 0 {
		return out, nil
	}
	marks, args := idArgs(ids)
	ins, err := s.query(ctx, `SELECT `+incidentCols+` FROM incidents WHERE id IN (`+marks+`)`, args...)
	if err != nil {
		return nil, err
	}
	if err := s.loadFixes(ctx, ins); err != nil {
		return nil, err
	}
	for _, in := range ins {
		out[in.ID] = in
	}
	return out, nil
}

func prefixed(p, cols string) string {
	parts := strings.Split(cols, ", ")
	for i := range parts {
		parts[i] = p + parts[i]
	}
	return strings.Join(parts, ", ")
}

var wordRE = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]+`)

// maxTerms bounds the terms of a recall query.
const maxTerms = 24

// queryTerms are the words of sig worth searching for: the names of its
// functions and packages, then its message's words.
func queryTerms(sig Signature) []string {
	seen := map[string]bool{}
	var out []string
	add := func(ws []string) {
		for _, w := range ws {
			if len(out) == maxTerms || len(w) < 2 || seen[w] || stopWords[w] {
				continue
			}
			seen[w] = true
			out = append(out, w)
		}
	}
	for _, f := range sig.Frames {
		add(ftsWords(ShortFunc(f)))
		pkg := Package(f)
		add(ftsWords(pkg[strings.LastIndex(pkg, "/")+1:]))
	}
	add(ftsWords(sig.Message))
	return out
}

// stopWords are too common in failures to say anything.
var stopWords = map[string]bool{"func": true, "the": true, "of": true, "in": true, "to": true, "a": true,
	"is": true, "with": true, "and": true, "for": true, "at": true, "on": true, "go": true, "test": true}

// scoreSimilar says how alike two signatures are, and why.
func scoreSimilar(a, b Signature) (float64, []string) {
	var score float64
	var why []string
	if a.Kind == b.Kind {
		score += weightKind
		why = append(why, "same kind ("+a.Kind+")")
	}
	ma, mb := wordSet(a.Message), wordSet(b.Message)
	if m := jaccard(ma, mb); m > 0 {
		score += weightMessage * m
		if a.Message == b.Message {
			why = append(why, "same message “"+oneLine(a.Message, 80)+"”")
		} else if m >= 0.5 {
			why = append(why, fmt.Sprintf("similar message (%d%% of words shared)", int(m*100+0.5)))
		}
	}
	fa, fb := setOf(a.Frames), setOf(b.Frames)
	shared := false
	if f := jaccard(fa, fb); f > 0 {
		shared = true
		score += weightFrames * f
		var common []string
		for _, fn := range a.Frames {
			if fb[fn] {
				common = append(common, ShortFunc(fn))
			}
		}
		why = append(why, "shares frames "+strings.Join(common[:min(len(common), 3)], ", "))
	}
	pa, pb := map[string]bool{}, map[string]bool{}
	for _, f := range a.Frames {
		pa[Package(f)] = true
	}
	for _, f := range b.Frames {
		pb[Package(f)] = true
	}
	for p := range pa {
		if pb[p] {
			score += weightPackage
			if !shared {
				why = append(why, "same package "+p)
			}
			break
		}
	}
	return score, why
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range wordRE.FindAllString(strings.ToLower(s), -1) {
		m[w] = true
	}
	return m
}

func setOf(ss []string) map[string]bool {
	m := make(map[string]bool, len(ss))
	for _, s := range ss {
		m[s] = true
	}
	return m
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 0
	}
	n := 0
	for k := range a {
		if b[k] {
			n++
		}
	}
	return float64(n) / float64(len(a)+len(b)-n)
}

// Search finds incidents by free text: every word must appear in the
// kind, frames, message, test or package.
func (s *SQLite) Search(ctx context.Context, text string, k int) ([]Match, error) {
	if k <= 0 {
		k = 10
	}
	words := wordRE.FindAllString(text, -1)
	if len(words) == 0 {
		return []Match{}, nil
	}
	for i, w := range words {
		words[i] = `"` + w + `"`
	}
	ins, err := s.query(ctx, `SELECT `+prefixed("i.", incidentCols)+` FROM incidents_fts f JOIN incidents i ON i.id = f.rowid
		WHERE incidents_fts MATCH ? ORDER BY f.rank LIMIT ?`, strings.Join(words, " "), k)
	if err != nil {
		return nil, wrap("search", err)
	}
	if err := s.loadFixes(ctx, ins); err != nil {
		return nil, wrap("search", err)
	}
	out := make([]Match, len(ins))
	for i, in := range ins {
		out[i] = Match{Incident: in, Score: 1 - float64(i)/float64(len(ins)+1), Why: []string{"matches " + strings.Join(words, " ")}}
	}
	return out, nil
}
