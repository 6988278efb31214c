package memory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// SchemaVersion is the store schema this sleuth reads and writes.
const SchemaVersion = 2

// migrations[i] takes a store from schema version i to i+1. Append only:
// a released migration is never edited.
var migrations = []string{
	// 0 → 1: incidents (site is the package of the innermost frame), their
	// fixes, the functions of their signatures, and the full-text index over
	// the normalised signature, the test and the package, with how many
	// incidents hold each word (terms; only ever counted up).
	`CREATE TABLE incidents (
		id          INTEGER PRIMARY KEY,
		uid         TEXT    NOT NULL UNIQUE,
		key         TEXT    NOT NULL,
		kind        TEXT    NOT NULL,
		frames      TEXT    NOT NULL,
		message     TEXT    NOT NULL,
		site        TEXT    NOT NULL,
		module      TEXT    NOT NULL,
		package     TEXT    NOT NULL,
		test        TEXT    NOT NULL,
		dir         TEXT    NOT NULL,
		at          INTEGER NOT NULL,
		git_commit  TEXT    NOT NULL,
		dirty       INTEGER NOT NULL,
		resolved_at INTEGER,
		body        BLOB    NOT NULL
	);
	CREATE INDEX incidents_key ON incidents(key, at);
	CREATE INDEX incidents_site ON incidents(site, kind, at);
	CREATE INDEX incidents_message ON incidents(kind, message, at);
	CREATE INDEX incidents_at ON incidents(at);
	CREATE INDEX incidents_open ON incidents(package, test) WHERE resolved_at IS NULL;
	CREATE TABLE fixes (
		id       INTEGER PRIMARY KEY,
		incident INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
		key      TEXT    NOT NULL,
		at       INTEGER NOT NULL,
		body     BLOB    NOT NULL
	);
	CREATE INDEX fixes_incident ON fixes(incident);
	CREATE INDEX fixes_key ON fixes(key);
	CREATE TABLE frames (
		func     TEXT    NOT NULL,
		incident INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
		PRIMARY KEY (func, incident)
	) WITHOUT ROWID;
	CREATE INDEX frames_incident ON frames(incident);
	CREATE VIRTUAL TABLE incidents_fts USING fts5(
		kind, frames, message, test, package,
		content='incidents', content_rowid='id'
	);
	CREATE TABLE terms (
		term TEXT    PRIMARY KEY,
		docs INTEGER NOT NULL
	) WITHOUT ROWID;
	CREATE TRIGGER incidents_fts_insert AFTER INSERT ON incidents BEGIN
		INSERT INTO incidents_fts(rowid, kind, frames, message, test, package)
		VALUES (new.id, new.kind, new.frames, new.message, new.test, new.package);
	END;
	CREATE TRIGGER incidents_fts_delete AFTER DELETE ON incidents BEGIN
		INSERT INTO incidents_fts(incidents_fts, rowid, kind, frames, message, test, package)
		VALUES ('delete', old.id, old.kind, old.frames, old.message, old.test, old.package);
	END;`,
	// 1 → 2: an optional vector per incident, of its signature's text
	// (Signature.EmbedText), with the model that made it; at is the
	// incident's time, so that recall reads the newest vectors of one
	// model through the index. A rowid table: vectors of real embedding
	// models (768 dimensions, 3 KiB) are too large for a WITHOUT ROWID
	// key order to pay.
	`CREATE TABLE embeddings (
		incident INTEGER PRIMARY KEY REFERENCES incidents(id) ON DELETE CASCADE,
		model    TEXT    NOT NULL,
		dim      INTEGER NOT NULL,
		at       INTEGER NOT NULL,
		vec      BLOB    NOT NULL
	);
	CREATE INDEX embeddings_recent ON embeddings(model, dim, at);`,
}

// Options configure Open.
type Options struct {
	// Path is the store file (default DefaultPath()).
	Path string
	// Retention is applied as incidents are recorded (default
	// DefaultRetention; negative fields mean no bound).
	Retention Retention
	// BusyTimeout is how long a write waits for another process's write
	// to finish (default 10s).
	BusyTimeout time.Duration
	// Now is the clock (default time.Now); tests set it.
	Now func() time.Time
	// Embedder, when set, embeds every recorded incident's signature and
	// every recalled one, so that recall also finds incidents whose text
	// is close by cosine. Recall and Record work as without it when it
	// fails (Recall.EmbedErr says why).
	Embedder Embedder
	// MinCosine is the cosine from which an incident is similar by
	// embedding (DefaultMinCosine when zero; -1 takes every vector, which
	// tests of the plumbing with a model of random weights need).
	MinCosine float64
}

// SQLite is the embedded store: one SQLite file in WAL mode, shared safely
// by every sleuth process of the user (writes take the write lock at BEGIN
// and wait for each other up to the busy timeout).
type SQLite struct {
	db        *sql.DB
	path      string
	now       func() time.Time
	retention Retention
	embedder  Embedder // nil: no embeddings
	minCosine float64
	// notices are set by Open and only read afterwards.
	notices []string
}

var _ Store = (*SQLite)(nil)

// Open opens the store at o.Path, creating it (mode 0600, in a 0700
// directory) and migrating its schema as needed. A file that is not a
// readable SQLite database, or that has a schema newer than this sleuth's,
// is renamed aside (never deleted) and a new store is started; Notices
// says so.
func Open(ctx context.Context, o Options) (*SQLite, error) {
	if o.Path == "" {
		p, err := DefaultPath()
		if err != nil {
			return nil, err
		}
		o.Path = p
	}
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = 10 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Retention == (Retention{}) {
		o.Retention = DefaultRetention
	}
	if o.MinCosine == 0 {
		o.MinCosine = DefaultMinCosine
	}
	if o.Embedder != nil && o.Embedder.EmbedModel() == "" {
		o.Embedder = nil
	}
	s := &SQLite{path: o.Path, now: o.Now, retention: o.Retention, embedder: o.Embedder, minCosine: o.MinCosine}
	if err := os.MkdirAll(filepath.Dir(o.Path), 0o700); err != nil {
		return nil, fmt.Errorf("memory: creating the store's directory: %w", err)
	}
	deadline := time.Now().Add(o.BusyTimeout)
	for attempt := 0; ; attempt++ {
		err := s.open(ctx, o.BusyTimeout)
		if err == nil {
			return s, nil
		}
		if isBusy(err) && time.Now().Before(deadline) {
			// SQLite answers "busy" without waiting while another process
			// converts a new store to WAL or recovers its WAL: try again.
			attempt--
			select {
			case <-ctx.Done():
				return nil, fmt.Errorf("memory: opening the store: %w", ctx.Err())
			case <-time.After(20 * time.Millisecond):
			}
			continue
		}
		var aside *asideError
		if !errors.As(err, &aside) || attempt > 0 {
			return nil, err
		}
		moved, merr := moveAside(o.Path, aside.suffix, o.Now())
		if merr != nil {
			return nil, fmt.Errorf("memory: %s, and moving it aside failed: %w", aside.reason, merr)
		}
		s.notices = append(s.notices, fmt.Sprintf("memory: the store %s %s; it was moved to %s and a new store was started", o.Path, aside.reason, moved))
	}
}

// asideError says the store file must be moved aside.
type asideError struct {
	reason string // "is not a readable SQLite database (…)"
	suffix string // "corrupt" or "newer"
}

func (e *asideError) Error() string { return "memory: the store " + e.reason }

func (s *SQLite) open(ctx context.Context, busy time.Duration) error {
	f, err := os.OpenFile(s.path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("memory: opening the store: %w", err)
	}
	f.Close()
	_ = os.Chmod(s.path, 0o600)
	dsn := fmt.Sprintf("file:%s?_busy_timeout=%d&_journal_mode=WAL&_synchronous=NORMAL&_foreign_keys=1&_txlock=immediate",
		s.path, busy.Milliseconds())
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return fmt.Errorf("memory: opening the store: %w", err)
	}
	if err := migrate(ctx, db); err != nil {
		db.Close()
		if isCorrupt(err) {
			return &asideError{reason: "is not a readable SQLite database (" + err.Error() + ")", suffix: "corrupt"}
		}
		return err
	}
	s.db = db
	return nil
}

// migrate brings the schema to SchemaVersion inside one write transaction,
// so two processes opening a new store at once do it once.
func migrate(ctx context.Context, db *sql.DB) error {
	var v int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("memory: reading the schema version: %w", err)
	}
	if v == SchemaVersion {
		// The common case: one read, no write lock. Touch the schema so a
		// damaged first page shows now, not in the middle of a recall.
		var n int
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
			return fmt.Errorf("memory: reading the schema: %w", err)
		}
		return nil
	}
	if v > SchemaVersion {
		return &asideError{reason: fmt.Sprintf("has schema version %d, newer than this sleuth's (%d): upgrade sleuth, then move it back", v, SchemaVersion), suffix: fmt.Sprintf("v%d", v)}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("memory: migrating: %w", err)
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("memory: reading the schema version: %w", err)
	}
	if v > SchemaVersion {
		return &asideError{reason: fmt.Sprintf("has schema version %d, newer than this sleuth's (%d)", v, SchemaVersion), suffix: fmt.Sprintf("v%d", v)}
	}
	for ; v < SchemaVersion; v++ {
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			return fmt.Errorf("memory: migrating the schema to version %d: %w", v+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion)); err != nil {
		return fmt.Errorf("memory: migrating: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("memory: migrating: %w", err)
	}
	return nil
}

// isCorrupt reports whether err is SQLite saying the file is damaged or is
// not a database at all.
func isCorrupt(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return true
	}
	return false
}

// isBusy reports whether err is SQLite's "database is locked".
func isBusy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && (se.Code()&0xff == sqlite3.SQLITE_BUSY || se.Code()&0xff == sqlite3.SQLITE_LOCKED)
}

// moveAside renames the store and its WAL files to path.<suffix>-<time>
// and returns the new name.
func moveAside(path, suffix string, now time.Time) (string, error) {
	to := fmt.Sprintf("%s.%s-%s", path, suffix, now.UTC().Format("20060102T150405"))
	if err := os.Rename(path, to); err != nil {
		return "", err
	}
	for _, ext := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(path + ext); err == nil {
			_ = os.Rename(path+ext, to+ext)
		}
	}
	return to, nil
}

// Path is the store's file.
func (s *SQLite) Path() string { return s.path }

// Notices are messages for the user from Open: a store moved aside.
func (s *SQLite) Notices() []string { return s.notices }

// Close closes the store.
func (s *SQLite) Close() error { return s.db.Close() }

// Size returns the store's bytes on disk, WAL included.
func (s *SQLite) Size() int64 {
	var n int64
	for _, ext := range []string{"", "-wal"} {
		if st, err := os.Stat(s.path + ext); err == nil {
			n += st.Size()
		}
	}
	return n
}

// Checkpoint moves the WAL into the main file and truncates it.
func (s *SQLite) Checkpoint(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	if err != nil {
		return fmt.Errorf("memory: checkpoint: %w", err)
	}
	return nil
}

// wrap prefixes a store error.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	if strings.HasPrefix(err.Error(), "memory: ") {
		return err
	}
	return fmt.Errorf("memory: %s: %w", op, err)
}
