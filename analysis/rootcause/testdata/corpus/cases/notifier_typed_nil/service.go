package orders

import (
	"context"
	"errors"
	"log"
	"sync"
)

type Order struct {
	ID    string
	Total int64
}

// Service records orders and notifies downstream systems.
type Service struct {
	mu       sync.Mutex
	orders   map[string]Order
	notifier Notifier
}

func NewService(cfg Config) *Service {
	return &Service{orders: make(map[string]Order), notifier: newNotifier(cfg)}
}

func (s *Service) Place(ctx context.Context, o Order) error {
	if o.ID == "" || o.Total <= 0 {
		return errors.New("orders: invalid order")
	}
	s.mu.Lock()
	s.orders[o.ID] = o
	s.mu.Unlock()
	if s.notifier != nil {
		s.publish(ctx, Event{Type: "order.placed", OrderID: o.ID, Total: o.Total})
	}
	return nil
}

func (s *Service) publish(ctx context.Context, ev Event) {
	if err := s.notifier.Notify(ctx, ev); err != nil {
		log.Printf("orders: notify %s: %v", ev.OrderID, err)
	}
}

func (s *Service) Get(id string) (Order, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	return o, ok
}
