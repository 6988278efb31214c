package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/capture"
)

// Settings are the user's choices, section "sleuth" of the client's
// configuration. They arrive in initializationOptions (the only way with
// Neovim 0.7) and, when the client supports it, from workspace/configuration
// after initialized and on didChangeConfiguration.
type Settings struct {
	Timeout           time.Duration // "timeout": bound on the target's run
	HangAfter         time.Duration // "hangAfter": deadlock threshold, "0s" disables
	MaxString         int           // "limits.maxString"
	MaxArray          int           // "limits.maxArray"
	MaxFrames         int           // "limits.maxFrames": user frames whose values are read
	SnapshotHits      int           // "snapshotHits": hits recorded per snapshot point
	MaxInvestigations int           // "maxInvestigations": concurrent debug sessions
	OllamaHost        string        // "ollama.host" (for the model, later)
	OllamaModel       string        // "ollama.model"
	Redact            []*regexp.Regexp
	// Features on or off: "features.codeLens", "features.hover",
	// "features.inlayHints", "features.diagnostics", "features.codeActions",
	// "features.hypotheses" (re-run a failed check to test its suspects),
	// "features.experiments" (rank the suspects by changes tested by
	// re-running the failing test),
	// "features.fixes" (propose fixes, each verified in an overlay),
	// "features.model" (ask the Ollama model after the evidence is out),
	// "features.memory" (recall and record incidents in the store named by
	// $SLEUTH_MEMORY, else the default).
	CodeLens, Hover, InlayHints, Diagnostics, CodeActions, Hypotheses, Experiments, Fixes, Model, Memory bool
}

// DefaultSettings are used for every setting the user did not give or gave
// wrong.
func DefaultSettings() Settings {
	return Settings{
		Timeout:           2 * time.Minute,
		HangAfter:         capture.DefaultHangAfter,
		MaxString:         capture.DefaultMaxStringLen,
		MaxArray:          capture.DefaultMaxArrayValues,
		MaxFrames:         capture.DefaultMaxUserFrames,
		SnapshotHits:      capture.DefaultAtHits,
		MaxInvestigations: 2,
		OllamaHost:        "http://127.0.0.1:11434",
		CodeLens:          true,
		Hover:             true,
		InlayHints:        true,
		Diagnostics:       true,
		CodeActions:       true,
		Hypotheses:        true,
		Experiments:       true,
		Fixes:             true,
		Model:             true,
		Memory:            true,
	}
}

// parseSettings reads raw over base: either the "sleuth" section itself or
// an object holding it under "sleuth". Each bad or unknown entry is named in
// problems and leaves its default; parseSettings never fails as a whole.
func parseSettings(raw json.RawMessage, base Settings) (Settings, []string) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return base, nil
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		return base, []string{"settings are not a JSON object"}
	}
	if inner, ok := top["sleuth"]; ok {
		top = nil
		if err := json.Unmarshal(inner, &top); err != nil {
			return base, []string{"sleuth: not a JSON object"}
		}
	}
	s := base
	var problems []string
	bad := func(key string, format string, args ...any) {
		problems = append(problems, key+": "+fmt.Sprintf(format, args...))
	}
	dur := func(key string, v json.RawMessage, p *time.Duration, allowZero bool) {
		var str string
		if json.Unmarshal(v, &str) != nil {
			bad(key, "want a duration such as \"30s\", got %s", v)
			return
		}
		d, err := time.ParseDuration(str)
		if err != nil || d < 0 || (d == 0 && !allowZero) {
			bad(key, "%q is not a positive duration such as \"30s\"", str)
			return
		}
		*p = d
	}
	num := func(key string, v json.RawMessage, p *int, lo, hi int) {
		var n int
		if json.Unmarshal(v, &n) != nil || n < lo || n > hi {
			bad(key, "want a whole number from %d to %d, got %s", lo, hi, v)
			return
		}
		*p = n
	}
	str := func(key string, v json.RawMessage, p *string) {
		if json.Unmarshal(v, p) != nil {
			bad(key, "want a string, got %s", v)
		}
	}
	object := func(key string, v json.RawMessage, fields map[string]func(string, json.RawMessage)) {
		var m map[string]json.RawMessage
		if json.Unmarshal(v, &m) != nil {
			bad(key, "want an object, got %s", v)
			return
		}
		for _, k := range sortedKeys(m) {
			if f, ok := fields[k]; ok {
				f(key+"."+k, m[k])
			} else {
				bad(key+"."+k, "unknown setting")
			}
		}
	}
	flag := func(p *bool) func(string, json.RawMessage) {
		return func(key string, v json.RawMessage) {
			if json.Unmarshal(v, p) != nil {
				bad(key, "want true or false, got %s", v)
			}
		}
	}
	fields := map[string]func(string, json.RawMessage){
		"timeout":           func(k string, v json.RawMessage) { dur(k, v, &s.Timeout, false) },
		"hangAfter":         func(k string, v json.RawMessage) { dur(k, v, &s.HangAfter, true) },
		"snapshotHits":      func(k string, v json.RawMessage) { num(k, v, &s.SnapshotHits, 1, 1000) },
		"maxInvestigations": func(k string, v json.RawMessage) { num(k, v, &s.MaxInvestigations, 1, 16) },
		"limits": func(k string, v json.RawMessage) {
			object(k, v, map[string]func(string, json.RawMessage){
				"maxString": func(k string, v json.RawMessage) { num(k, v, &s.MaxString, 1, 1<<20) },
				"maxArray":  func(k string, v json.RawMessage) { num(k, v, &s.MaxArray, 1, 10000) },
				"maxFrames": func(k string, v json.RawMessage) { num(k, v, &s.MaxFrames, 1, 100) },
			})
		},
		"ollama": func(k string, v json.RawMessage) {
			object(k, v, map[string]func(string, json.RawMessage){
				"host":  func(k string, v json.RawMessage) { str(k, v, &s.OllamaHost) },
				"model": func(k string, v json.RawMessage) { str(k, v, &s.OllamaModel) },
			})
		},
		"redact": func(k string, v json.RawMessage) {
			var pats []string
			if json.Unmarshal(v, &pats) != nil {
				bad(k, "want a list of regular expressions, got %s", v)
				return
			}
			var res []*regexp.Regexp
			for i, p := range pats {
				re, err := regexp.Compile(p)
				if err != nil {
					bad(fmt.Sprintf("%s[%d]", k, i), "%v", err)
					return
				}
				res = append(res, re)
			}
			s.Redact = res
		},
		"features": func(k string, v json.RawMessage) {
			object(k, v, map[string]func(string, json.RawMessage){
				"codeLens":    flag(&s.CodeLens),
				"hover":       flag(&s.Hover),
				"inlayHints":  flag(&s.InlayHints),
				"diagnostics": flag(&s.Diagnostics),
				"codeActions": flag(&s.CodeActions),
				"hypotheses":  flag(&s.Hypotheses),
				"experiments": flag(&s.Experiments),
				"fixes":       flag(&s.Fixes),
				"model":       flag(&s.Model),
				"memory":      flag(&s.Memory),
			})
		},
	}
	for _, k := range sortedKeys(top) {
		if f, ok := fields[k]; ok {
			f("sleuth."+k, top[k])
		} else {
			bad("sleuth."+k, "unknown setting")
		}
	}
	return s, problems
}

// settingsMessage is the one message shown for bad settings.
func settingsMessage(problems []string) string {
	return "sleuth: some settings were ignored and their defaults kept: " + strings.Join(problems, "; ")
}

func sortedKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
