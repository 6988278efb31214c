package capture

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/go-delve/delve/pkg/logflags"
	"github.com/go-delve/delve/pkg/proc"
	"github.com/go-delve/delve/service"
	"github.com/go-delve/delve/service/debugger"
	"github.com/go-delve/delve/service/rpccommon"
)

// workerEnv names the environment variable that turns a sleuth process into a
// worker; its value is the JSON workerConfig.
const workerEnv = "SLEUTH_WORKER"

// targetGORACE carries the user's GORACE past the worker's own (see
// startWorker's environment).
const targetGORACE = "SLEUTH_TARGET_GORACE"

// Worker file descriptors: fd 3 reports status to the engine, fd 4 is the
// lifeline the engine holds open for as long as it lives.
const (
	statusFD   = 3
	lifelineFD = 4
)

// workerConfig is what the engine tells a worker.
type workerConfig struct {
	Socket string   `json:"socket"`
	Args   []string `json:"args"` // target binary and its arguments
	Dir    string   `json:"dir"`
	Core   string   `json:"core,omitempty"` // a core file to open instead of launching
	Stdin  string   `json:"stdin,omitempty"`
}

// MaybeWorker turns this process into a capture worker when it was started as
// one, and never returns in that case. Every binary that uses the engine calls
// it first thing in main (and in TestMain), because the engine re-executes
// its own binary to get a worker.
func MaybeWorker() {
	cfg := os.Getenv(workerEnv)
	if cfg == "" {
		return
	}
	os.Exit(workerMain(cfg))
}

// workerMain hosts Delve's server for one target until the engine detaches
// or dies, then makes sure nothing the target started survives.
func workerMain(raw string) int {
	status := os.NewFile(statusFD, "status")
	lifeline := os.NewFile(lifelineFD, "lifeline")
	fail := func(err error) int {
		fmt.Fprintf(status, "error: %v\n", err)
		return 1
	}
	var cfg workerConfig
	if err := json.Unmarshal([]byte(raw), &cfg); err != nil {
		return fail(fmt.Errorf("bad worker config: %w", err))
	}
	// The engine owns interruption: a Ctrl-C meant for it must not kill the
	// worker before it can clean up.
	signal.Ignore(syscall.SIGINT, syscall.SIGQUIT, syscall.SIGTSTP)
	// The target runs with the user's GORACE, not the worker's.
	if v, ok := os.LookupEnv(targetGORACE); ok {
		if v == "" {
			os.Unsetenv("GORACE")
		} else {
			os.Setenv("GORACE", v)
		}
		os.Unsetenv(targetGORACE)
	}
	setSubreaper()
	_ = logflags.Setup(false, "", "")

	ln, err := net.Listen("unix", cfg.Socket)
	if err != nil {
		return fail(err)
	}
	disconnected := make(chan struct{})
	dcfg := debugger.Config{
		WorkingDir:     cfg.Dir,
		Backend:        "native",
		ExecuteKind:    debugger.ExecutingExistingFile,
		CheckGoVersion: false,
		Stdin:          cfg.Stdin,
		CoreFile:       cfg.Core,
		Stdout:         proc.OutputRedirect{},
		Stderr:         proc.OutputRedirect{},
	}
	server := rpccommon.NewServer(&service.Config{
		Listener:       ln,
		ProcessArgs:    cfg.Args,
		APIVersion:     2,
		DisconnectChan: disconnected,
		Debugger:       dcfg,
	})
	if err := server.Run(); err != nil {
		return fail(err)
	}
	fmt.Fprintln(status, "ready")
	status.Close()

	lost := make(chan struct{})
	go func() {
		_, _ = io.Copy(io.Discard, lifeline)
		close(lost)
	}()
	select {
	case <-disconnected:
	case <-lost:
	}
	stopped := make(chan struct{})
	go func() {
		_ = server.Stop()
		close(stopped)
	}()
	select {
	case <-stopped:
	case <-time.After(2 * time.Second):
	}
	reapAll()
	return 0
}

// reapAll kills every descendant of the worker: the target, whatever it
// forked, and orphans re-parented here.
func reapAll() {
	self := os.Getpid()
	for range 5 {
		kids := descendants(self)
		if len(kids) == 0 {
			return
		}
		for _, k := range kids {
			killGroup(k)
		}
		for _, k := range kids {
			var ws syscall.WaitStatus
			_, _ = syscall.Wait4(k, &ws, syscall.WNOHANG, nil)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
