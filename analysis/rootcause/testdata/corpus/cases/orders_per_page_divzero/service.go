package orderapi

type Order struct {
	ID     string `json:"id"`
	Status string `json:"status"`
}

type ListResult struct {
	Orders []Order `json:"orders"`
	Meta   Meta    `json:"meta"`
}

// Service lists orders from an in-memory snapshot ordered by ID.
type Service struct {
	orders []Order
}

func NewService(orders []Order) *Service { return &Service{orders: orders} }

func (s *Service) List(page, perPage int) ListResult {
	meta := pageMeta(len(s.orders), page, perPage)
	lo := min((page-1)*perPage, len(s.orders))
	hi := min(lo+perPage, len(s.orders))
	return ListResult{Orders: s.orders[lo:hi], Meta: meta}
}
