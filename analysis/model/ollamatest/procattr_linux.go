package model

import "syscall"

// serverAttr puts the server in its own process group (stop kills the
// group: server and runners) and kills it if the test process dies first
// (a -timeout panic skips TestMain's stop).
func serverAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
