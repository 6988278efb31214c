package ollamatest

import (
	"os"
	"syscall"
)

// serverAttr: Windows has no process groups to kill; Stop kills the server.
func serverAttr() *syscall.SysProcAttr { return nil }

// killGroup kills p.
func killGroup(p *os.Process) { p.Kill() }
