package memory

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// body is the part of an incident stored as JSON: what is shown, never
// searched or filtered on.
type body struct {
	Message     string             `json:"message"`
	Location    string             `json:"location,omitempty"`
	Evidence    string             `json:"evidence"`
	Explanation report.Explanation `json:"explanation"`
	Suspects    []report.Suspect   `json:"suspects"`
	Resolved    *Resolution        `json:"resolved,omitempty"`
}

const incidentCols = `id, uid, key, kind, frames, message, module, package, test, dir, at, git_commit, dirty, resolved_at, body`

func ms(t time.Time) int64 { return t.UnixMilli() }

func scanIncident(row interface{ Scan(...any) error }) (Incident, error) {
	var in Incident
	var frames string
	var at int64
	var resolved sql.NullInt64
	var dirty int
	var b []byte
	err := row.Scan(&in.ID, &in.UID, &in.Key, &in.Signature.Kind, &frames, &in.Signature.Message,
		&in.Module, &in.Package, &in.Test, &in.Dir, &at, &in.Commit, &dirty, &resolved, &b)
	if err != nil {
		return in, err
	}
	in.Signature.Frames = splitFrames(frames)
	in.Time, in.Dirty = time.UnixMilli(at).UTC(), dirty != 0
	var bd body
	if err := json.Unmarshal(b, &bd); err != nil {
		return in, fmt.Errorf("incident %d: %w", in.ID, err)
	}
	in.Message, in.Location, in.Evidence, in.Explanation, in.Suspects, in.Resolved =
		bd.Message, bd.Location, bd.Evidence, bd.Explanation, bd.Suspects, bd.Resolved
	if in.Suspects == nil {
		in.Suspects = []report.Suspect{}
	}
	in.Fixes = []FixRecord{}
	return in, nil
}

func splitFrames(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, "\n")
}

func bodyOf(in Incident) []byte {
	b, _ := json.Marshal(body{Message: in.Message, Location: in.Location, Evidence: in.Evidence,
		Explanation: in.Explanation, Suspects: in.Suspects, Resolved: in.Resolved})
	return b
}

// Record stores in, with the vector of its signature when the store has an
// embedder that answers (asked before the write lock is taken; without an
// answer the incident is stored without one).
func (s *SQLite) Record(ctx context.Context, in Incident) (Incident, error) {
	var vec []float32
	if s.embedder != nil {
		vec, _ = s.embedSig(ctx, in.Signature)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return in, wrap("record", err)
	}
	defer tx.Rollback()
	in, _, err = insert(ctx, tx, in, false)
	if err != nil {
		return in, wrap("record", err)
	}
	if vec != nil {
		if err := insertVector(ctx, tx, in.ID, s.embedder.EmbedModel(), ms(in.Time), vec); err != nil {
			return in, wrap("record", err)
		}
	}
	if err := s.retain(ctx, tx, in.ID); err != nil {
		return in, wrap("record", err)
	}
	return in, wrap("record", tx.Commit())
}

// insert adds in and its fixes; with ignoreDup an incident whose UID is
// present already is skipped (added is false).
func insert(ctx context.Context, tx *sql.Tx, in Incident, ignoreDup bool) (_ Incident, added bool, err error) {
	if in.UID == "" {
		in.UID = NewUID()
	}
	if in.Key == "" {
		in.Key = in.Signature.Key()
	}
	verb := "INSERT"
	if ignoreDup {
		verb = "INSERT OR IGNORE"
	}
	var resolved any
	if in.Resolved != nil {
		resolved = ms(in.Resolved.Time)
	}
	res, err := tx.ExecContext(ctx, verb+` INTO incidents(uid, key, kind, frames, message, site, module, package, test, dir, at, git_commit, dirty, resolved_at, body)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		in.UID, in.Key, in.Signature.Kind, strings.Join(in.Signature.Frames, "\n"), in.Signature.Message, in.Signature.site(),
		in.Module, in.Package, in.Test, in.Dir, ms(in.Time), in.Commit, boolInt(in.Dirty), resolved, bodyOf(in))
	if err != nil {
		return in, false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return in, false, nil
	}
	if in.ID, err = res.LastInsertId(); err != nil {
		return in, false, err
	}
	for _, t := range indexedWords(in) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO terms(term, docs) VALUES (?, 1) ON CONFLICT(term) DO UPDATE SET docs = docs + 1`, t); err != nil {
			return in, false, err
		}
	}
	for fn := range setOf(in.Signature.Frames) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO frames(func, incident) VALUES (?, ?)`, fn, in.ID); err != nil {
			return in, false, err
		}
	}
	for i, f := range in.Fixes {
		if in.Fixes[i], err = insertFix(ctx, tx, in.ID, in.Key, f); err != nil {
			return in, false, err
		}
	}
	return in, true, nil
}

func insertFix(ctx context.Context, tx *sql.Tx, id int64, key string, f FixRecord) (FixRecord, error) {
	if f.Change == "" {
		f.Change = NormalizeDiff(f.Diff)
	}
	if f.Outcome == "" {
		f.Outcome = OutcomeProposed
	}
	if f.Source == "" {
		f.Source = "fix"
	}
	f.ID = 0
	b, _ := json.Marshal(f)
	res, err := tx.ExecContext(ctx, `INSERT INTO fixes(incident, key, at, body) VALUES (?, ?, ?, ?)`, id, key, ms(f.Time), b)
	if err != nil {
		return f, err
	}
	f.ID, err = res.LastInsertId()
	return f, err
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// retainEvery is how often (in incident ids) Record applies the count bound,
// which costs a count; the age bound is applied every time, through an index.
const retainEvery = 64

func (s *SQLite) retain(ctx context.Context, tx *sql.Tx, id int64) error {
	r := s.retention
	if r.MaxAge > 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM incidents WHERE at < ?`, ms(s.now().Add(-r.MaxAge))); err != nil {
			return err
		}
	}
	if r.MaxCount > 0 && id%retainEvery == 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM incidents WHERE id IN (SELECT id FROM incidents ORDER BY at DESC LIMIT -1 OFFSET ?)`, r.MaxCount); err != nil {
			return err
		}
	}
	return nil
}

// Prune applies r now.
func (s *SQLite) Prune(ctx context.Context, r Retention) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, wrap("prune", err)
	}
	defer tx.Rollback()
	n := 0
	if r.MaxAge > 0 {
		res, err := tx.ExecContext(ctx, `DELETE FROM incidents WHERE at < ?`, ms(s.now().Add(-r.MaxAge)))
		if err != nil {
			return 0, wrap("prune", err)
		}
		k, _ := res.RowsAffected()
		n += int(k)
	}
	if r.MaxCount > 0 {
		res, err := tx.ExecContext(ctx, `DELETE FROM incidents WHERE id IN (SELECT id FROM incidents ORDER BY at DESC LIMIT -1 OFFSET ?)`, r.MaxCount)
		if err != nil {
			return 0, wrap("prune", err)
		}
		k, _ := res.RowsAffected()
		n += int(k)
	}
	return n, wrap("prune", tx.Commit())
}

// Get returns incident id with its fixes.
func (s *SQLite) Get(ctx context.Context, id int64) (Incident, error) {
	in, err := scanIncident(s.db.QueryRowContext(ctx, `SELECT `+incidentCols+` FROM incidents WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return in, fmt.Errorf("%w: #%d", ErrNotFound, id)
	}
	if err != nil {
		return in, wrap("get", err)
	}
	ins := []Incident{in}
	if err := s.loadFixes(ctx, ins); err != nil {
		return in, wrap("get", err)
	}
	return ins[0], nil
}

// where turns f into a WHERE clause and its arguments.
func (f Filter) where() (string, []any) {
	var conds []string
	var args []any
	if len(f.IDs) > 0 {
		conds = append(conds, "id IN ("+strings.TrimSuffix(strings.Repeat("?,", len(f.IDs)), ",")+")")
		for _, id := range f.IDs {
			args = append(args, id)
		}
	}
	for _, c := range []struct{ col, v string }{{"module", f.Module}, {"package", f.Package}, {"test", f.Test}} {
		if c.v != "" {
			conds = append(conds, c.col+" = ?")
			args = append(args, c.v)
		}
	}
	if f.Open {
		conds = append(conds, "resolved_at IS NULL")
	}
	if !f.Before.IsZero() {
		conds = append(conds, "at < ?")
		args = append(args, ms(f.Before))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// List returns the incidents f selects, newest first, with their fixes.
func (s *SQLite) List(ctx context.Context, f Filter) ([]Incident, error) {
	where, args := f.where()
	limit := f.Limit
	if limit == 0 {
		limit = 50
	}
	ins, err := s.query(ctx, `SELECT `+incidentCols+` FROM incidents`+where+` ORDER BY at DESC, id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, wrap("list", err)
	}
	return ins, wrap("list", s.loadFixes(ctx, ins))
}

func (s *SQLite) query(ctx context.Context, q string, args ...any) ([]Incident, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ins := []Incident{}
	for rows.Next() {
		in, err := scanIncident(rows)
		if err != nil {
			return nil, err
		}
		ins = append(ins, in)
	}
	return ins, rows.Err()
}

// loadFixes fills the Fixes of ins, oldest first.
func (s *SQLite) loadFixes(ctx context.Context, ins []Incident) error {
	const chunk = 500
	at := map[int64]int{}
	for i, in := range ins {
		at[in.ID] = i
	}
	for lo := 0; lo < len(ins); lo += chunk {
		part := ins[lo:min(lo+chunk, len(ins))]
		args := make([]any, len(part))
		for i, in := range part {
			args[i] = in.ID
		}
		rows, err := s.db.QueryContext(ctx, `SELECT id, incident, body FROM fixes WHERE incident IN (`+
			strings.TrimSuffix(strings.Repeat("?,", len(part)), ",")+`) ORDER BY id`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id, inc int64
			var b []byte
			var f FixRecord
			if err := rows.Scan(&id, &inc, &b); err != nil {
				rows.Close()
				return err
			}
			if json.Unmarshal(b, &f) == nil {
				f.ID = id
				ins[at[inc]].Fixes = append(ins[at[inc]].Fixes, f)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// Forget deletes what f selects; an empty filter deletes everything.
func (s *SQLite) Forget(ctx context.Context, f Filter) (int, error) {
	where, args := f.where()
	res, err := s.db.ExecContext(ctx, `DELETE FROM incidents`+where, args...)
	if err != nil {
		return 0, wrap("forget", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// Import stores ins in one transaction, skipping known UIDs.
func (s *SQLite) Import(ctx context.Context, ins []Incident) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, wrap("import", err)
	}
	defer tx.Rollback()
	n := 0
	for _, in := range ins {
		_, added, err := insert(ctx, tx, in, true)
		if err != nil {
			return 0, wrap("import", err)
		}
		if added {
			n++
		}
	}
	return n, wrap("import", tx.Commit())
}

// AddFix records a fix tried for incident id.
func (s *SQLite) AddFix(ctx context.Context, id int64, f FixRecord) (FixRecord, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return f, wrap("add fix", err)
	}
	defer tx.Rollback()
	var key string
	if err := tx.QueryRowContext(ctx, `SELECT key FROM incidents WHERE id = ?`, id).Scan(&key); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return f, fmt.Errorf("%w: #%d", ErrNotFound, id)
		}
		return f, wrap("add fix", err)
	}
	if f.Time.IsZero() {
		f.Time = s.now().UTC()
	}
	f, err = insertFix(ctx, tx, id, key, f)
	if err != nil {
		return f, wrap("add fix", err)
	}
	return f, wrap("add fix", tx.Commit())
}

// SetFixOutcome records what became of fix fixID.
func (s *SQLite) SetFixOutcome(ctx context.Context, fixID int64, outcome string, applied bool) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return wrap("fix outcome", err)
	}
	defer tx.Rollback()
	var b []byte
	if err := tx.QueryRowContext(ctx, `SELECT body FROM fixes WHERE id = ?`, fixID).Scan(&b); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("memory: no such fix %d", fixID)
		}
		return wrap("fix outcome", err)
	}
	var f FixRecord
	if err := json.Unmarshal(b, &f); err != nil {
		return wrap("fix outcome", err)
	}
	f.Outcome, f.Applied = outcome, f.Applied || applied
	b, _ = json.Marshal(f)
	if _, err := tx.ExecContext(ctx, `UPDATE fixes SET body = ? WHERE id = ?`, b, fixID); err != nil {
		return wrap("fix outcome", err)
	}
	return wrap("fix outcome", tx.Commit())
}

// FixesFor returns the fixes that worked and those that failed for
// sig, newest first. A change that ever failed is only in failed: the fix
// engine must never propose it again, even if it once worked elsewhere.
func (s *SQLite) FixesFor(ctx context.Context, sig Signature) (worked, failed []FixRecord, err error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, body FROM fixes WHERE key = ? ORDER BY at DESC, id DESC`, sig.Key())
	if err != nil {
		return nil, nil, wrap("fixes", err)
	}
	defer rows.Close()
	var all []FixRecord
	bad := map[string]bool{}
	for rows.Next() {
		var id int64
		var b []byte
		var f FixRecord
		if err := rows.Scan(&id, &b); err != nil {
			return nil, nil, wrap("fixes", err)
		}
		if json.Unmarshal(b, &f) != nil {
			continue
		}
		f.ID = id
		all = append(all, f)
		if f.Outcome == OutcomeFailed {
			bad[f.Change] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, wrap("fixes", err)
	}
	seen := map[string]int{} // change → index in worked or failed
	for _, f := range all {
		if f.Change == "" {
			continue
		}
		if i, ok := seen[f.Change]; ok {
			// One per change; a titled fix says more than the bare change
			// the user made with the same change.
			if !bad[f.Change] && f.Outcome == OutcomeWorked && f.Source == "fix" && worked[i].Source != "fix" {
				worked[i] = f
			}
			continue
		}
		switch {
		case bad[f.Change] && f.Outcome == OutcomeFailed:
			seen[f.Change] = len(failed)
			failed = append(failed, f)
		case !bad[f.Change] && f.Outcome == OutcomeWorked:
			seen[f.Change] = len(worked)
			worked = append(worked, f)
		}
	}
	return worked, failed, nil
}

// Resolve marks resolved the open incidents of q.Package whose test q.Ran
// says ran. res is called outside any transaction (it may run git); an
// incident another process resolved meanwhile is left as that one did.
func (s *SQLite) Resolve(ctx context.Context, q ResolveQuery, res func(Incident) Resolution) ([]Incident, error) {
	open, err := s.query(ctx, `SELECT `+incidentCols+` FROM incidents WHERE package = ? AND resolved_at IS NULL ORDER BY at`, q.Package)
	if err != nil {
		return nil, wrap("resolve", err)
	}
	if err := s.loadFixes(ctx, open); err != nil {
		return nil, wrap("resolve", err)
	}
	skip := map[string]bool{}
	for _, k := range q.SkipKinds {
		skip[k] = true
	}
	var done []Incident
	for _, in := range open {
		if skip[in.Signature.Kind] || q.Ran != nil && !q.Ran(in.Test) {
			continue
		}
		r := res(in)
		in.Resolved = &r
		done = append(done, in)
	}
	if len(done) == 0 {
		return nil, nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, wrap("resolve", err)
	}
	defer tx.Rollback()
	kept := done[:0]
	for _, in := range done {
		r, err := tx.ExecContext(ctx, `UPDATE incidents SET resolved_at = ?, body = ? WHERE id = ? AND resolved_at IS NULL`,
			ms(in.Resolved.Time), bodyOf(in), in.ID)
		if err != nil {
			return nil, wrap("resolve", err)
		}
		if n, _ := r.RowsAffected(); n == 0 {
			continue
		}
		if err := s.creditFixes(ctx, tx, &in); err != nil {
			return nil, wrap("resolve", err)
		}
		kept = append(kept, in)
	}
	return kept, wrap("resolve", tx.Commit())
}

// creditFixes marks as worked the proposed fixes the resolving change
// contains, and records the change itself as a fix that worked.
func (s *SQLite) creditFixes(ctx context.Context, tx *sql.Tx, in *Incident) error {
	diff := in.Resolved.Diff
	if diff == "" {
		return nil
	}
	for i, f := range in.Fixes {
		if f.Source != "fix" || f.Outcome != OutcomeProposed || !Applied(f.Diff, diff) {
			continue
		}
		f.Outcome, f.Applied = OutcomeWorked, true
		b, _ := json.Marshal(f)
		if _, err := tx.ExecContext(ctx, `UPDATE fixes SET body = ? WHERE id = ?`, b, f.ID); err != nil {
			return err
		}
		in.Fixes[i] = f
	}
	title := "the change that made " + in.Test + " pass"
	if in.Test == "" {
		title = "the change that made it pass"
	}
	f, err := insertFix(ctx, tx, in.ID, in.Key, FixRecord{Time: in.Resolved.Time, Title: title, Diff: diff,
		Applied: true, Outcome: OutcomeWorked, Source: "resolution"})
	if err != nil {
		return err
	}
	in.Fixes = append(in.Fixes, f)
	return nil
}

// sortMatches orders exact matches first (newest first), then by score.
func sortMatches(ms []Match) {
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].Exact != ms[j].Exact {
			return ms[i].Exact
		}
		if ms[i].Score != ms[j].Score {
			return ms[i].Score > ms[j].Score
		}
		return ms[i].Incident.Time.After(ms[j].Incident.Time)
	})
}
