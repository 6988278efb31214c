package sessioncache

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

func TestExpireIdle(t *testing.T) {
	now := time.Unix(1700000000, 0)
	c := New(func() time.Time { return now })
	c.Put(Session{ID: "s1", UserID: "u1"})
	now = now.Add(10 * time.Minute)
	c.Put(Session{ID: "s2", UserID: "u2"})
	if n := c.ExpireIdle(5 * time.Minute); n != 1 {
		t.Errorf("expired %d, want 1", n)
	}
}

func TestConcurrentHeartbeats(t *testing.T) {
	c := New(time.Now)
	ids := make([]string, 64)
	for i := range ids {
		ids[i] = fmt.Sprintf("s%d", i)
		c.Put(Session{ID: ids[i], UserID: "u"})
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200000; i++ {
				c.Touch(ids[(i+g)%len(ids)])
			}
		}()
	}
	wg.Wait()
	if n := c.ExpireIdle(time.Minute); n != 0 {
		t.Errorf("expired %d sessions right after heartbeats", n)
	}
}
