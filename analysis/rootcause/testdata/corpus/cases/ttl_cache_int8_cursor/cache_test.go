package ttlcache

import (
	"testing"
	"time"
)

type fakeClock struct{ t time.Time }

func (f *fakeClock) now() time.Time      { return f.t }
func (f *fakeClock) add(d time.Duration) { f.t = f.t.Add(d) }

func TestShortTTLExpires(t *testing.T) {
	clk := &fakeClock{time.Unix(1_700_000_000, 0)}
	c := New(30*time.Second, time.Second, clk.now)
	c.Set("otp:alice", []byte("492811"))
	clk.add(29 * time.Second)
	if _, ok := c.Get("otp:alice"); !ok {
		t.Fatal("expired early")
	}
	clk.add(2 * time.Second)
	if _, ok := c.Get("otp:alice"); ok || c.Len() != 0 {
		t.Errorf("still cached after TTL, len %d", c.Len())
	}
}

func TestSessionTTLExpires(t *testing.T) {
	clk := &fakeClock{time.Unix(1_700_000_000, 0)}
	c := New(5*time.Minute, time.Second, clk.now)
	c.Set("sess:9f2c", []byte("bob"))
	for i := 0; i < 299; i++ {
		clk.add(time.Second)
		if _, ok := c.Get("sess:9f2c"); !ok {
			t.Fatalf("expired after %ds", i+1)
		}
	}
	clk.add(2 * time.Second)
	if _, ok := c.Get("sess:9f2c"); ok {
		t.Error("still cached after TTL")
	}
}
