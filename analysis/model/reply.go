package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/sleuth-dev/sleuth/analysis/fix"
	"github.com/sleuth-dev/sleuth/analysis/redact"
	"github.com/sleuth-dev/sleuth/analysis/report"
)

// Schema is the JSON schema of the reply, sent as the request's format:
// Ollama turns it into a grammar that constrains sampling, so even a weak
// model produces this shape. The item bounds keep a runaway model short.
var Schema = json.RawMessage(`{
  "type": "object",
  "properties": {
    "summary": {"type": "string"},
    "root_cause": {
      "type": "object",
      "properties": {
        "file": {"type": "string"},
        "line": {"type": "integer"}
      },
      "required": ["file", "line"]
    },
    "explanation": {"type": "string"},
    "fixes": {
      "type": "array",
      "maxItems": 3,
      "items": {
        "type": "object",
        "properties": {
          "title": {"type": "string"},
          "edits": {
            "type": "array",
            "maxItems": 6,
            "items": {
              "type": "object",
              "properties": {
                "file": {"type": "string"},
                "start_line": {"type": "integer"},
                "end_line": {"type": "integer"},
                "new_text": {"type": "string"}
              },
              "required": ["file", "start_line", "end_line", "new_text"]
            }
          }
        },
        "required": ["title", "edits"]
      }
    }
  },
  "required": ["summary", "root_cause", "explanation", "fixes"]
}`)

// Answer is the reply's shape (Schema).
type Answer struct {
	Summary   string `json:"summary"`
	RootCause struct {
		File string `json:"file"`
		Line int    `json:"line"`
	} `json:"root_cause"`
	Explanation string      `json:"explanation"`
	Fixes       []AnswerFix `json:"fixes"`
}

// AnswerFix is one proposed fix in an Answer.
type AnswerFix struct {
	Title string       `json:"title"`
	Edits []AnswerEdit `json:"edits"`
}

// AnswerEdit is one edit of an AnswerFix; File is as the prompt showed it
// (relative to the workspace root).
type AnswerEdit struct {
	File      string `json:"file"`
	StartLine int    `json:"start_line"`
	EndLine   int    `json:"end_line"`
	NewText   string `json:"new_text"`
}

// ParseAnswer decodes a reply strictly: one JSON object of Schema's shape
// with a non-empty summary and nothing after it. Fields it does not know are
// ignored.
func ParseAnswer(content string) (Answer, error) {
	var a Answer
	dec := json.NewDecoder(strings.NewReader(content))
	if err := dec.Decode(&a); err != nil {
		return a, fmt.Errorf("the reply is not the JSON asked for: %w", err)
	}
	if dec.More() {
		return a, fmt.Errorf("the reply has text after its JSON object")
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal([]byte(content), &keys); err != nil {
		return a, fmt.Errorf("the reply is not a JSON object: %w", err)
	}
	for _, k := range []string{"summary", "explanation"} {
		if _, ok := keys[k]; !ok {
			return a, fmt.Errorf("the reply has no %s", k)
		}
	}
	if strings.TrimSpace(a.Summary) == "" {
		return a, fmt.Errorf("the reply's summary is empty")
	}
	return a, nil
}

// checked is an answer validated against the workspace.
type checked struct {
	rootCause *report.Location
	fixes     []fix.Candidate
	// dropped says why each dropped fix was dropped.
	dropped []string
}

// check validates a against the workspace at root: the root-cause location
// must be a line of a file inside it, and every fix must pass
// fix.Validate (files inside root, valid ranges, the edited file parses)
// and must not write a redaction mask into code. What does not hold is
// dropped, with the reason kept.
func check(a Answer, root string) checked {
	var c checked
	if file, ok := resolve(root, a.RootCause.File); ok && a.RootCause.Line >= 1 && a.RootCause.Line <= countLines(file) {
		c.rootCause = &report.Location{File: file, Line: a.RootCause.Line}
	}
	for i, f := range a.Fixes {
		title := strings.TrimSpace(f.Title)
		if title == "" {
			title = fmt.Sprintf("model fix %d", i+1)
		}
		cand := fix.Candidate{Title: title, Source: fix.SourceModel, Shape: "model"}
		reason := ""
		for _, e := range f.Edits {
			file, ok := resolve(root, e.File)
			if !ok {
				reason = fmt.Sprintf("%s is not a file of the workspace", e.File)
				break
			}
			if redact.Masked(e.NewText) {
				reason = "it writes a redacted value into the code"
				break
			}
			cand.Edits = append(cand.Edits, fix.Edit{File: file, StartLine: e.StartLine, EndLine: e.EndLine, NewText: e.NewText})
		}
		if reason == "" && len(cand.Edits) == 0 {
			reason = "it has no edits"
		}
		if reason == "" {
			if err := fix.Validate(root, cand); err != nil {
				reason = strings.TrimPrefix(err.Error(), "fix: ")
			}
		}
		if reason != "" {
			c.dropped = append(c.dropped, fmt.Sprintf("%q: %s", title, reason))
			continue
		}
		c.fixes = append(c.fixes, cand)
	}
	return c
}

// resolve maps a file named in a reply (relative to root, or absolute) to an
// absolute path of an existing file inside root.
func resolve(root, name string) (string, bool) {
	name = strings.TrimSpace(name)
	if root == "" || name == "" {
		return "", false
	}
	p := name
	if !filepath.IsAbs(p) {
		p = filepath.Join(root, filepath.FromSlash(p))
	}
	p = filepath.Clean(p)
	r, err := filepath.Rel(root, p)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", false
	}
	if st, err := os.Stat(p); err != nil || !st.Mode().IsRegular() {
		return "", false
	}
	return p, true
}

func countLines(file string) int {
	b, err := os.ReadFile(file)
	if err != nil {
		return 0
	}
	n := bytes.Count(b, []byte("\n"))
	if len(b) > 0 && b[len(b)-1] != '\n' {
		n++
	}
	return n
}
