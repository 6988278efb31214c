package hooks

import (
	"strings"
	"testing"
)

const delivery = `{
  "ref": "refs/heads/main",
  "before": "1f0e3a",
  "after": "9c2b7d",
  "compare_url": "https://git.example.org/acme/shop/compare/1f0e3a...9c2b7d",
  "commits": [
    {"id": "5a1c", "message": "Fix cart rounding", "author": {"login": "alice"}},
    {"id": "9c2b7d", "message": "Bump version", "author": {"login": "alice"}}
  ],
  "pusher": {"login": "alice", "email": "alice@example.org"},
  "repository": {"full_name": "acme/shop", "html_url": "https://git.example.org/acme/shop"}
}`

func TestSummaryLinksToCompareView(t *testing.T) {
	ev, err := Decode("push", strings.NewReader(delivery))
	if err != nil {
		t.Fatal(err)
	}
	want := "[acme/shop] alice pushed 2 commits to main: https://git.example.org/acme/shop/compare/1f0e3a...9c2b7d"
	if got := Summary(ev); got != want {
		t.Errorf("Summary() =\n  %s\nwant\n  %s", got, want) // CRASH
	}
}

func TestSummarySingleCommitWithoutCompare(t *testing.T) {
	body := `{"ref":"refs/heads/dev","after":"77aa","commits":[{"id":"77aa"}],"pusher":{"login":"bob"},"repository":{"full_name":"acme/shop","html_url":"https://git.example.org/acme/shop"}}`
	ev, err := Decode("Push", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	want := "[acme/shop] bob pushed 1 commit to dev: https://git.example.org/acme/shop/commit/77aa"
	if got := Summary(ev); got != want {
		t.Errorf("Summary() = %s", got)
	}
}

func TestDecodeRejectsOtherEvents(t *testing.T) {
	if _, err := Decode("issues", strings.NewReader("{}")); err != ErrNotPush {
		t.Errorf("err = %v", err)
	}
}
