//go:build unix && !linux

package ollamatest

import (
	"os"
	"syscall"
)

// serverAttr puts the server in its own process group: Stop kills the
// group, server and runners.
func serverAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}

// killGroup kills p's process group.
func killGroup(p *os.Process) { syscall.Kill(-p.Pid, syscall.SIGKILL) }
