package ollamatest

import (
	"os"
	"syscall"
)

// serverAttr puts the server in its own process group (Stop kills the
// group: server and runners) and kills it if the test process dies first
// (a -timeout panic skips TestMain's Stop).
func serverAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// killGroup kills p's process group.
func killGroup(p *os.Process) { syscall.Kill(-p.Pid, syscall.SIGKILL) }
