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
	for i := 0; i < 64; i++ {
		c.Put(Session{ID: fmt.Sprintf("s%d", i), UserID: "u"})
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200000; i++ {
				c.Touch(fmt.Sprintf("s%d", (i+g)%64))
			}
		}()
	}
	wg.Wait()
	if n := c.ExpireIdle(time.Minute); n != 0 {
		t.Errorf("expired %d sessions right after heartbeats", n)
	}
}
