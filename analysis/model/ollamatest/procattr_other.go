//go:build !linux

package model

import "syscall"

// serverAttr puts the server in its own process group: stop kills the
// group, server and runners.
func serverAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
