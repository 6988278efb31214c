package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/investigate"
	"github.com/sleuth-dev/sleuth/memory"
)

const memoryUsage = `Usage:
  sleuth memory list [--json] [-n N] [--open] [--module M] [--package P] [--test T]
  sleuth memory show [--json] ID
  sleuth memory search [--json] [-n N] WORDS...
  sleuth memory forget [--json] ID... | --older-than AGE | --all
  sleuth memory prune [--json] [--max-age AGE] [--max-count N]
  sleuth memory export [--json] [FILE]      JSON Lines, to stdout without FILE
  sleuth memory import [--json] FILE|-

The store is $SLEUTH_MEMORY, else $XDG_DATA_HOME/sleuth/memory.db (--store overrides).
AGE is a Go duration or a number of days: 90d.
`

// cmdMemory is sleuth memory.
func cmdMemory(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stderr, memoryUsage)
		return exitUsage
	}
	sub := args[0]
	fs := flag.NewFlagSet("sleuth memory "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c memCmd
	fs.BoolVar(&c.json, "json", false, "print JSON on stdout")
	store := fs.String("store", "", "the store `file`")
	fs.IntVar(&c.n, "n", 20, "show at most `n`")
	fs.BoolVar(&c.open, "open", false, "only failures not yet fixed")
	fs.StringVar(&c.f.Module, "module", "", "only this `module`")
	fs.StringVar(&c.f.Package, "package", "", "only this `package`")
	fs.StringVar(&c.f.Test, "test", "", "only this `test`")
	fs.StringVar(&c.olderThan, "older-than", "", "forget incidents older than `age`")
	fs.BoolVar(&c.all, "all", false, "forget everything")
	fs.StringVar(&c.maxAge, "max-age", "", "prune incidents older than `age`")
	fs.IntVar(&c.maxCount, "max-count", 0, "prune all but the newest `n`")
	if err := fs.Parse(args[1:]); err != nil {
		return exitUsage
	}
	c.args, c.stdin, c.stdout = fs.Args(), stdin, stdout
	run, ok := map[string]func(context.Context, memory.Store) error{
		"list": c.list, "show": c.show, "search": c.search, "forget": c.forget,
		"prune": c.prune, "export": c.export, "import": c.importFile,
	}[sub]
	if !ok {
		fmt.Fprintf(stderr, "sleuth memory: unknown command %q\n%s", sub, memoryUsage)
		return exitUsage
	}
	path, on, err := investigate.StorePath(*store)
	if err == nil && !on {
		err = errors.New("memory is off (SLEUTH_MEMORY=off)")
	}
	if err != nil {
		fmt.Fprintln(stderr, "sleuth memory: "+strings.TrimPrefix(err.Error(), "memory: "))
		return exitUsage
	}
	st, err := memory.Open(ctx, memory.Options{Path: path})
	if err != nil {
		fmt.Fprintln(stderr, "sleuth: "+err.Error())
		return exitUsage
	}
	defer st.Close()
	for _, n := range st.Notices() {
		fmt.Fprintln(stderr, "sleuth: "+n)
	}
	if err := run(ctx, st); err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "sleuth memory %s: %s\n", sub, string(ue))
			return exitUsage
		}
		fmt.Fprintln(stderr, "sleuth: "+err.Error())
		if errors.Is(err, memory.ErrNotFound) {
			return exitFailure
		}
		return exitUsage
	}
	return exitOK
}

// usageError is a wrong use of a memory command.
type usageError string

func (e usageError) Error() string { return string(e) }

// memCmd holds the parsed flags of a memory command.
type memCmd struct {
	json              bool
	n                 int
	open, all         bool
	f                 memory.Filter
	olderThan, maxAge string
	maxCount          int
	args              []string
	stdin             io.Reader
	stdout            io.Writer
}

func (c *memCmd) emitJSON(v any) error {
	enc := json.NewEncoder(c.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func (c *memCmd) list(ctx context.Context, st memory.Store) error {
	c.f.Open, c.f.Limit = c.open, c.n
	ins, err := st.List(ctx, c.f)
	if err != nil {
		return err
	}
	if c.json {
		return c.emitJSON(ins)
	}
	if len(ins) == 0 {
		fmt.Fprintln(c.stdout, "no failures remembered")
	}
	for _, in := range ins {
		fmt.Fprintln(c.stdout, in.Line())
	}
	return nil
}

func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, usageError(fmt.Sprintf("%q is not an incident id (see sleuth memory list)", s))
	}
	return id, nil
}

func (c *memCmd) show(ctx context.Context, st memory.Store) error {
	if len(c.args) != 1 {
		return usageError("want one incident ID")
	}
	id, err := parseID(c.args[0])
	if err != nil {
		return err
	}
	in, err := st.Get(ctx, id)
	if err != nil {
		return err
	}
	if c.json {
		return c.emitJSON(in)
	}
	showIncident(c.stdout, in)
	return nil
}

// showIncident prints one incident in full, for humans.
func showIncident(w io.Writer, in memory.Incident) {
	fmt.Fprintln(w, in.Line())
	at := ""
	if in.Commit != "" {
		at = " at commit " + in.Commit[:min(len(in.Commit), 12)]
		if in.Dirty {
			at += " (with uncommitted changes)"
		}
	}
	fmt.Fprintf(w, "  failed %s%s\n  module %s, package %s\n  signature %s\n", in.Time.Format("2006-01-02 15:04 MST"), at, in.Module, in.Package, in.Signature)
	fmt.Fprintln(w, "\nevidence:\n  "+strings.ReplaceAll(in.Evidence, "\n", "\n  "))
	if in.Explanation.Summary != "" {
		fmt.Fprintln(w, "\nexplanation: "+in.Explanation.Summary)
	}
	if len(in.Suspects) > 0 {
		fmt.Fprintln(w, "\nsuspects:")
		for i, s := range in.Suspects {
			fmt.Fprintf(w, "  %d. %s:%d (%s) %s\n", i+1, s.File, s.Line, s.Function, s.Reason)
		}
	}
	if len(in.Fixes) > 0 {
		fmt.Fprintln(w, "\nfixes tried:")
		for _, f := range in.Fixes {
			flags := []string{f.Outcome}
			if f.Verified {
				flags = append(flags, "verified")
			}
			if f.Applied {
				flags = append(flags, "applied")
			}
			fmt.Fprintf(w, "  - %s [%s]\n", f.Title, strings.Join(flags, ", "))
		}
	}
	if r := in.Resolved; r != nil {
		fmt.Fprintf(w, "\nfixed %s by %s\n", r.Time.Format("2006-01-02 15:04 MST"), in.FixedBy())
		if r.Diff != "" {
			fmt.Fprintln(w, "  "+strings.ReplaceAll(strings.TrimRight(r.Diff, "\n"), "\n", "\n  "))
		}
	}
}

func (c *memCmd) search(ctx context.Context, st memory.Store) error {
	if len(c.args) == 0 {
		return usageError("want words to search for")
	}
	ms, err := st.Search(ctx, strings.Join(c.args, " "), c.n)
	if err != nil {
		return err
	}
	if c.json {
		return c.emitJSON(ms)
	}
	if len(ms) == 0 {
		fmt.Fprintln(c.stdout, "nothing remembered matches")
	}
	for _, m := range ms {
		fmt.Fprintln(c.stdout, m.Incident.Line())
	}
	return nil
}

// parseAge reads "90d" or a Go duration.
func parseAge(s string) (time.Duration, error) {
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(d)
		if err == nil && n > 0 {
			return time.Duration(n) * 24 * time.Hour, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, usageError(fmt.Sprintf("%q is not an age: write 90d or 36h", s))
	}
	return d, nil
}

func (c *memCmd) forget(ctx context.Context, st memory.Store) error {
	var f memory.Filter
	switch {
	case len(c.args) > 0 && c.olderThan == "" && !c.all:
		for _, a := range c.args {
			id, err := parseID(a)
			if err != nil {
				return err
			}
			f.IDs = append(f.IDs, id)
		}
	case c.olderThan != "" && len(c.args) == 0 && !c.all:
		age, err := parseAge(c.olderThan)
		if err != nil {
			return err
		}
		f.Before = time.Now().Add(-age)
	case c.all && len(c.args) == 0 && c.olderThan == "":
	default:
		return usageError("want incident IDs, --older-than AGE or --all")
	}
	n, err := st.Forget(ctx, f)
	if err != nil {
		return err
	}
	if c.json {
		return c.emitJSON(map[string]int{"forgotten": n})
	}
	fmt.Fprintf(c.stdout, "forgot %d failure(s)\n", n)
	return nil
}

func (c *memCmd) prune(ctx context.Context, st memory.Store) error {
	r := memory.DefaultRetention
	if c.maxAge != "" {
		age, err := parseAge(c.maxAge)
		if err != nil {
			return err
		}
		r.MaxAge = age
	}
	if c.maxCount > 0 {
		r.MaxCount = c.maxCount
	}
	n, err := st.Prune(ctx, r)
	if err != nil {
		return err
	}
	if c.json {
		return c.emitJSON(map[string]int{"deleted": n})
	}
	fmt.Fprintf(c.stdout, "deleted %d failure(s)\n", n)
	return nil
}

func (c *memCmd) export(ctx context.Context, st memory.Store) error {
	if len(c.args) > 1 {
		return usageError("want at most one FILE")
	}
	if len(c.args) == 0 || c.args[0] == "-" {
		_, err := memory.Export(ctx, st, c.stdout)
		return err
	}
	f, err := os.OpenFile(c.args[0], os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("memory: export: %w", err)
	}
	n, err := memory.Export(ctx, st, f)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("memory: export: %w", cerr)
	}
	if err != nil {
		return err
	}
	if c.json {
		return c.emitJSON(map[string]any{"exported": n, "file": c.args[0]})
	}
	fmt.Fprintf(c.stdout, "exported %d failure(s) to %s\n", n, c.args[0])
	return nil
}

func (c *memCmd) importFile(ctx context.Context, st memory.Store) error {
	if len(c.args) != 1 {
		return usageError("want one FILE, or - for stdin")
	}
	r := c.stdin
	if c.args[0] != "-" {
		f, err := os.Open(c.args[0])
		if err != nil {
			return fmt.Errorf("memory: import: %w", err)
		}
		defer f.Close()
		r = f
	}
	ins, err := memory.ReadExport(r)
	if err != nil {
		return err
	}
	n, err := st.Import(ctx, ins)
	if err != nil {
		return err
	}
	if c.json {
		return c.emitJSON(map[string]int{"imported": n, "skipped": len(ins) - n})
	}
	fmt.Fprintf(c.stdout, "imported %d failure(s), %d already known\n", n, len(ins)-n)
	return nil
}
