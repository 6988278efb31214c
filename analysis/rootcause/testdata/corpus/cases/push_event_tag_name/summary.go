package hooks

import (
	"fmt"
	"strings"
)

// Branch returns the short branch name of a push.
func (ev PushEvent) Branch() string { return strings.TrimPrefix(ev.Ref, "refs/heads/") }

// Summary is the one-line chat message posted for a push.
func Summary(ev PushEvent) string {
	n := len(ev.Commits)
	noun := "commits"
	if n == 1 {
		noun = "commit"
	}
	link := ev.CompareURL
	if link == "" {
		link = ev.Repo.HTMLURL + "/commit/" + ev.After
	}
	return fmt.Sprintf("[%s] %s pushed %d %s to %s: %s", ev.Repo.FullName, ev.Pusher.Login, n, noun, ev.Branch(), link)
}
