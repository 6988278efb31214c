package timeline

// Feed builds the profile page timeline.
type Feed struct {
	store    *Store
	pageSize int
}

func NewFeed(s *Store, pageSize int) *Feed { return &Feed{store: s, pageSize: pageSize} }

// Page returns the first page of an author's timeline as post IDs.
func (f *Feed) Page(author string) []string {
	posts := f.store.ByAuthor(author)
	sortForDisplay(posts)
	if len(posts) > f.pageSize {
		posts = posts[:f.pageSize]
	}
	ids := make([]string, len(posts))
	for i, p := range posts {
		ids[i] = p.ID
	}
	return ids
}
