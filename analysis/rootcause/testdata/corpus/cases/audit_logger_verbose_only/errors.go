package audit

import "errors"

var errEmptyName = errors.New("audit: empty name")
