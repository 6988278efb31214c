package webapp

import "context"

type ctxKey int

const (
	userKey ctxKey = iota
	requestIDKey
)

type User struct {
	ID    string
	Email string
	Roles []string
}

func (u *User) HasRole(role string) bool {
	for _, r := range u.Roles {
		if r == role {
			return true
		}
	}
	return false
}

// UserFrom returns the user attached by the authentication middleware.
func UserFrom(ctx context.Context) *User {
	return ctx.Value(userKey).(*User) // CRASH
}
