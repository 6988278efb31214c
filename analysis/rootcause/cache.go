package rootcause

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"hash/maphash"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/packages"
)

// maxLoads bounds the cache: a few investigations in flight or recently
// run, each a few MB of syntax and types.
const maxLoads = 4

// maxRechecks bounds how many times a load's metadata is reused after
// edits: each re-check adds the edited files to the shared file set, which
// only a fresh load empties.
const maxRechecks = 32

// loads is the process's cache of loaded programs.
//
// It is package-level state, unlike the rest of the engine, because the
// process is the unit that benefits: the language server re-runs
// investigations of the same packages, and the analysis API (Analyze,
// Preload) takes no handle to keep one in. It is bounded (maxLoads),
// guarded by its mutex, and only ever hands out immutable programs.
var loads = newLoadCache()

func newLoadCache() *loadCache {
	return &loadCache{flights: map[string]chan struct{}{}, fresh: loadFresh}
}

// hashSeed seeds the content hashes; they are compared only within this
// process.
var hashSeed = maphash.MakeSeed()

// loadCache keeps the last loads, keyed by their directories (and the
// environment that selects files), and reuses one while the files it was
// loaded from hash the same. After an edit that changes no imports, build
// constraints or file lists it re-checks only the packages in the
// directories, reusing the dependencies' types and the unchanged files'
// syntax; after any other change it loads afresh.
type loadCache struct {
	mu sync.Mutex // guards entries and flights
	// entries are the finished loads, most recently used first.
	entries []*cacheEntry
	// flights are the loads under way, by key; the channel is closed when
	// the load has ended. One load per key at a time: a second caller
	// waits, then finds the first one's result in entries.
	flights map[string]chan struct{}
	// fresh is the load from scratch: loadFresh, or loadAll's equivalent
	// in the benchmarks that compare the two.
	fresh func(ctx context.Context, dirs []string, src map[string][]byte) (*loaded, error)
}

type cacheEntry struct {
	key      string
	res      *loaded
	roots    map[string]uint64 // hash of every .go file of the dirs, by absolute name
	extra    map[string]uint64 // hash of the other inputs (res.localDirs' .go files, res.mods), by absolute name
	rechecks int               // how many re-checks led to res since its fresh load
}

// load returns the program for dirs, from the cache when nothing it was
// loaded from has changed.
func (c *loadCache) load(ctx context.Context, dirs []string) (*program, error) {
	dirs = cleanDirs(dirs)
	if len(dirs) == 0 {
		return nil, errors.New("rootcause: no package directory to load")
	}
	key := strings.Join(append(slices.Clone(dirs), envKey()), "\x00")

	c.mu.Lock()
	for {
		ch, busy := c.flights[key]
		if !busy {
			break
		}
		c.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, fmt.Errorf("rootcause: %w", ctx.Err())
		}
		c.mu.Lock()
	}
	done := make(chan struct{})
	c.flights[key] = done
	var prev *cacheEntry
	if i := c.find(key); i >= 0 {
		prev = c.entries[i]
	}
	c.mu.Unlock()

	var e *cacheEntry
	defer func() { // also on a panic, so that waiters do not wait forever
		c.mu.Lock()
		defer c.mu.Unlock()
		delete(c.flights, key)
		close(done)
		if e != nil {
			c.put(e)
		}
	}()
	e, err := c.refresh(ctx, key, dirs, prev)
	if err != nil {
		return nil, err
	}
	return e.res.p, nil
}

// refresh returns prev when its files are unchanged, a re-check of prev
// when only function bodies and other non-import text changed, and a fresh
// load otherwise.
func (c *loadCache) refresh(ctx context.Context, key string, dirs []string, prev *cacheEntry) (*cacheEntry, error) {
	src, roots, err := readDirs(dirs)
	if err != nil {
		return nil, fmt.Errorf("rootcause: %w", err)
	}
	e := &cacheEntry{key: key, roots: roots}
	if prev != nil {
		extra := hashInputs(prev.res.localDirs, prev.res.mods)
		sameExtra := maps.Equal(extra, prev.extra)
		if sameExtra && maps.Equal(roots, prev.roots) {
			return prev, nil
		}
		if sameExtra && prev.res.meta != nil && prev.rechecks < maxRechecks && bodiesOnly(prev, roots, src) {
			m := prev.res.meta
			names := append(sortedKeys(src), filesOf(packagesOf(m.roots))...)
			slices.Sort(names)
			syntax := parseFiles(m.fset, slices.Compact(names), src, prev.res.syntax)
			if e.res, err = m.check(ctx, syntax); err != nil {
				return nil, err
			}
			e.res.localDirs, e.res.mods = prev.res.localDirs, prev.res.mods
			e.extra, e.rechecks = extra, prev.rechecks+1
			return e, nil
		}
	}
	if e.res, err = c.fresh(ctx, dirs, src); err != nil {
		return nil, err
	}
	// Hashed after the load: an edit to a local dependency during the load
	// may go unseen until the next one.
	e.extra = hashInputs(e.res.localDirs, e.res.mods)
	return e, nil
}

// bodiesOnly reports whether the dirs hold the same files as prev's and
// every changed one was parsed by prev's load and kept its package clause,
// build constraints and imports: then the package graph and the
// dependencies' types still hold.
func bodiesOnly(prev *cacheEntry, roots map[string]uint64, src map[string][]byte) bool {
	if len(roots) != len(prev.roots) {
		return false
	}
	for name, h := range roots {
		old, ok := prev.roots[name]
		if !ok {
			return false
		}
		if old == h {
			continue
		}
		pf, ok := prev.res.syntax[name]
		if !ok {
			return false // not part of the load: its constraints may have changed
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, src[name], parser.ImportsOnly|parser.ParseComments)
		if err != nil || header(f) != header(pf.f) {
			return false
		}
	}
	return true
}

// header renders what of a file decides the package graph: its build
// constraints, package name and imports.
func header(f *ast.File) string {
	var b strings.Builder
	for _, g := range f.Comments {
		if g.Pos() >= f.Package {
			break
		}
		for _, c := range g.List {
			if strings.HasPrefix(c.Text, "//go:build") || strings.HasPrefix(c.Text, "// +build") {
				b.WriteString(c.Text + "\n")
			}
		}
	}
	b.WriteString("package " + f.Name.Name + "\n")
	for _, imp := range f.Imports {
		b.WriteString(imp.Path.Value + "\n")
	}
	return b.String()
}

// find returns the index of key's entry, or -1. c.mu is held.
func (c *loadCache) find(key string) int {
	for i, e := range c.entries {
		if e.key == key {
			return i
		}
	}
	return -1
}

// put makes e the most recent entry, dropping the least recent beyond
// maxLoads. c.mu is held.
func (c *loadCache) put(e *cacheEntry) {
	if i := c.find(e.key); i >= 0 {
		c.entries = slices.Delete(c.entries, i, i+1)
	}
	c.entries = slices.Insert(c.entries, 0, e)
	if len(c.entries) > maxLoads {
		c.entries = c.entries[:maxLoads]
	}
}

// cleanDirs returns dirs absolute, cleaned, sorted and without repeats,
// in a new slice.
func cleanDirs(dirs []string) []string {
	out := make([]string, 0, len(dirs))
	for _, d := range dirs {
		if abs, err := filepath.Abs(d); err == nil {
			out = append(out, abs)
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// envKey is the part of the environment that selects files or changes
// types: loads under different values are different entries.
func envKey() string {
	var b strings.Builder
	for _, v := range []string{"GOFLAGS", "GOOS", "GOARCH", "CGO_ENABLED", "GOEXPERIMENT", "GOWORK", "GOPATH", "GOROOT"} {
		b.WriteString(v + "=" + os.Getenv(v) + ";")
	}
	return b.String()
}

// readDirs reads every .go file of dirs, returning the contents and their
// hashes by absolute name.
func readDirs(dirs []string) (map[string][]byte, map[string]uint64, error) {
	src, sums := map[string][]byte{}, map[string]uint64{}
	for _, d := range dirs {
		names, err := goFiles(d)
		if err != nil {
			return nil, nil, err
		}
		for _, name := range names {
			b, err := os.ReadFile(name)
			if err != nil {
				return nil, nil, err
			}
			src[name], sums[name] = b, hashBytes(b)
		}
	}
	return src, sums, nil
}

// hashInputs hashes the .go files of dirs and the files of mods; a missing
// file or directory hashes as absent, so that its creation is a change.
func hashInputs(dirs, mods []string) map[string]uint64 {
	sums := map[string]uint64{}
	for _, d := range dirs {
		names, _ := goFiles(d)
		for _, name := range names {
			if b, err := os.ReadFile(name); err == nil {
				sums[name] = hashBytes(b)
			}
		}
	}
	for _, name := range mods {
		if b, err := os.ReadFile(name); err == nil {
			sums[name] = hashBytes(b)
		}
	}
	return sums
}

// goFiles lists the .go files of dir, by absolute name.
func goFiles(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".go") {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out, nil
}

func hashBytes(b []byte) uint64 { return maphash.Bytes(hashSeed, b) }

// localInputs returns the directories of the packages in the import graph
// of roots and deps that belong to a main module or a module replaced by a
// local directory, which can change without go.sum changing (the roots
// excepted: their dirs are stamped already), and the go.mod, go.sum and
// go.work files of those modules. Module-cache and standard-library files
// are immutable for a given go.sum and toolchain.
func localInputs(roots, deps []*packages.Package) (dirs, mods []string) {
	isRoot := map[string]bool{}
	for _, r := range roots {
		isRoot[r.ID] = true
	}
	seenDir, seenMod := map[string]bool{}, map[string]bool{}
	add := func(set map[string]bool, list *[]string, name string) {
		if !set[name] {
			set[name] = true
			*list = append(*list, name)
		}
	}
	packages.Visit(append(slices.Clone(roots), deps...), nil, func(p *packages.Package) {
		m := p.Module
		if m != nil && m.Replace != nil {
			m = m.Replace
		}
		if m == nil || m.Version != "" || m.GoMod == "" {
			return
		}
		dir := filepath.Dir(m.GoMod)
		add(seenMod, &mods, m.GoMod)
		add(seenMod, &mods, filepath.Join(dir, "go.sum"))
		if w := goWork(dir); w != "" {
			add(seenMod, &mods, w)
			add(seenMod, &mods, w+".sum")
		}
		if !isRoot[p.ID] && len(p.GoFiles) > 0 {
			add(seenDir, &dirs, filepath.Dir(p.GoFiles[0]))
		}
	})
	sort.Strings(dirs)
	sort.Strings(mods)
	return dirs, mods
}

// goWork returns the go.work file the go command uses for a module in dir,
// or "".
func goWork(dir string) string {
	if w := os.Getenv("GOWORK"); w != "" {
		if w == "off" {
			return ""
		}
		return w
	}
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.work")); err == nil {
			return filepath.Join(d, "go.work")
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}
