package timeline

import "sort"

// sortForDisplay orders posts pinned-first, then newest first.
func sortForDisplay(posts []Post) {
	sort.SliceStable(posts, func(i, j int) bool {
		a, b := posts[i], posts[j]
		if a.Pinned != b.Pinned {
			return a.Pinned
		}
		if !a.EditedAt.Equal(b.EditedAt) {
			return a.EditedAt.After(b.EditedAt) // ROOT
		}
		return a.ID > b.ID
	})
}
