package feeds

import (
	"context"
	"time"
)

// Poller calls fetch on a fixed interval until stopped.
type Poller struct {
	name     string
	interval time.Duration
	fetch    func(ctx context.Context) error
	stop     chan struct{}
	done     chan struct{}
	onError  func(name string, err error)
}

func NewPoller(name string, every time.Duration, fetch func(context.Context) error) *Poller {
	return &Poller{
		name:     name,
		interval: every,
		fetch:    fetch,
		stop:     make(chan struct{}),
		done:     make(chan struct{}),
		onError:  func(string, error) {},
	}
}

func (p *Poller) Start() {
	go p.loop()
}

func (p *Poller) loop() {
	defer close(p.done)
	t := time.NewTicker(p.interval)
	defer t.Stop()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			if err := p.fetch(ctx); err != nil {
				p.onError(p.name, err)
			}
		}
	}
}

// Stop ends the polling loop and waits for an in-flight fetch to finish.
func (p *Poller) Stop() {
	close(p.stop) // CRASH
	<-p.done
}
