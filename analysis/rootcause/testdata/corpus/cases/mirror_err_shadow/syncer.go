package mirror

import (
	"fmt"
	"sort"
	"time"
)

type Item struct {
	Key  string
	Data []byte
}

type Syncer struct {
	remote   Remote
	attempts int
	pause    time.Duration
	sleep    func(time.Duration)
}

func NewSyncer(r Remote, attempts int) *Syncer {
	return &Syncer{remote: r, attempts: attempts, pause: 50 * time.Millisecond, sleep: time.Sleep}
}

// Sync uploads the changed objects in key order and stops at the first key
// that cannot be stored.
func (s *Syncer) Sync(changed map[string][]byte) error {
	items := make([]Item, 0, len(changed))
	for k, v := range changed {
		items = append(items, Item{k, v})
	}
	sort.Slice(items, func(i, j int) bool { return items[i].Key < items[j].Key })
	return s.pushAll(items)
}

func (s *Syncer) pushAll(items []Item) error {
	for _, it := range items {
		var err error
		for attempt := 0; attempt < s.attempts; attempt++ {
			err := s.remote.Put(it.Key, it.Data) // ROOT
			if err == nil {
				break
			}
			s.sleep(s.pause)
		}
		if err != nil {
			return fmt.Errorf("mirror %s: %w", it.Key, err)
		}
	}
	return nil
}
