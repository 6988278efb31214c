package a

import (
	"errors"
	"os"
	"strconv"
)

type Config struct{ Name string }

func (c *Config) Title() string { return c.Name }

func (c *Config) SafeTitle() string {
	if c == nil {
		return ""
	}
	return c.Name
}

func (c Config) Value() string { return c.Name }

type Store interface{ Get(k string) string }

func Load(path string) (*Config, error) {
	if path == "" {
		return nil, errors.New("no path")
	}
	return &Config{Name: path}, nil
}

func Open(name string) (Store, error)            { return nil, errors.New("no") }
func Index(name string) (map[string]int, error)  { return nil, errors.New("no") }
func Handler(name string) (func() string, error) { return nil, errors.New("no") }
func Three() (*Config, map[string]int, error)    { return nil, nil, errors.New("no") }
func Count(name string) (int, error)             { return strconv.Atoi(name) }
func Arr() (*[4]int, error)                      { return nil, errors.New("no") }

// Bad cases.

func field(path string) string {
	cfg, _ := Load(path) // want `error from Load discarded; its other result may be nil when it fails, and cfg is dereferenced at line 42`
	return cfg.Name
}

func method(path string) string {
	cfg, _ := Load(path) // want `error from Load discarded; .* cfg is dereferenced`
	return cfg.Title()
}

func valueMethod(path string) string {
	var cfg, _ = Load(path) // want `error from Load discarded`
	return cfg.Value()
}

func iface() string {
	s, _ := Open("db") // want `error from Open discarded`
	return s.Get("k")
}

func mapWrite() {
	m, _ := Index("x") // want `error from Index discarded; .* m is dereferenced`
	m["a"] = 1
}

func funcCall() string {
	h, _ := Handler("x") // want `error from Handler discarded`
	return h()
}

func star(path string) Config {
	cfg, _ := Load(path) // want `error from Load discarded`
	return *cfg
}

func three() {
	c, m, _ := Three() // want `error from Three discarded; .* c is dereferenced` `error from Three discarded; .* m is dereferenced`
	m["x"] = len(c.Name)
}

func arr() int {
	p, _ := Arr() // want `error from Arr discarded`
	return p[1]
}

func assignExisting(path string) string {
	var cfg *Config
	cfg, _ = Load(path) // want `error from Load discarded`
	return cfg.Name
}

// Correct code: none of these is reported.

func checked(path string) string {
	cfg, _ := Load(path)
	if cfg == nil {
		return ""
	}
	return cfg.Name
}

func errorKept(path string) string {
	cfg, err := Load(path)
	if err != nil {
		return ""
	}
	return cfg.Name
}

func notNilable() int {
	n, _ := Count("3")
	return n + 1
}

func mapRead() int {
	m, _ := Index("x")
	return m["a"]
}

func nilSafeMethod(path string) string {
	cfg, _ := Load(path)
	return cfg.SafeTitle()
}

func externalPointerMethod() {
	f, _ := os.Open("x") // *os.File methods accept a nil receiver
	f.Close()
}

func reassigned(path string) string {
	cfg, _ := Load(path)
	cfg = &Config{}
	return cfg.Name
}

func unused(path string) {
	cfg, _ := Load(path)
	_ = cfg
}

func passedOn(path string) string {
	cfg, _ := Load(path)
	return describe(cfg)
}

func describe(c *Config) string {
	if c == nil {
		return "none"
	}
	return c.Name
}

// lookup swallows the error: its callers cannot tell a failure from a
// found config, and get nil.
func lookup(path string) *Config {
	cfg, _ := Load(path) // want `error from Load discarded; its other result may be nil when it fails, and lookup returns cfg with no error to tell its callers`
	return cfg
}

// lookupErr returns an error of its own, so its callers check.
func lookupErr(path string) (*Config, error) {
	cfg, _ := Load(path)
	if path == "" {
		return nil, errors.New("empty")
	}
	return cfg, nil
}

// Parse always returns a map, even when it fails.
func Parse(s string) (map[string]string, error) {
	m := map[string]string{}
	if s == "" {
		return m, errors.New("empty")
	}
	m["k"] = s
	return m, nil
}

func parsed(s string) {
	m, _ := Parse(s)
	m["x"] = "y"
}
