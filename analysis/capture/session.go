package capture

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/go-delve/delve/service/rpc2"
)

// session is one worker hosting Delve for one target, and the client talking
// to it. It is used from one goroutine, except Halt which may be called from
// any.
type session struct {
	client    *rpc2.RPCClient
	worker    *exec.Cmd
	lifeline  *os.File // write end; closing it tells the worker to quit
	targetPID int
	out       *outputSink
	tmp       string
	waited    chan struct{} // closed when the worker has been waited for
}

// startSession starts a worker for the target args in dir and connects to it.
// The target's combined output goes to out.
func startSession(ctx context.Context, exe string, cfg workerConfig, out *outputSink) (*session, error) {
	tmp, err := os.MkdirTemp("", "sleuth-w")
	if err != nil {
		return nil, fmt.Errorf("capture: creating socket dir: %w", err)
	}
	cfg.Socket = filepath.Join(tmp, "dlv.sock")
	raw, _ := json.Marshal(cfg)

	statusR, statusW, err := os.Pipe()
	if err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("capture: %w", err)
	}
	lifeR, lifeW, err := os.Pipe()
	if err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("capture: %w", err)
	}
	outW, err := out.writer()
	if err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("capture: %w", err)
	}

	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), workerEnv+"="+string(raw), "GODEBUG="+withAncestors(os.Getenv("GODEBUG")))
	// When sleuth itself is built with -race (its own tests), a report about
	// the worker's Delve goes to a file, not into the target's output where
	// it would read as the target's race; the worker gives the target the
	// user's GORACE back (targetGORACE).
	cmd.Env = append(cmd.Env, "GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" log_path="+filepath.Join(tmp, "worker-race")),
		targetGORACE+"="+os.Getenv("GORACE"))
	cmd.Stdout = outW
	cmd.Stderr = outW
	cmd.ExtraFiles = []*os.File{statusW, lifeR}
	// Own process group: a Ctrl-C at the terminal reaches the engine, which
	// then cleans up in order, instead of killing the worker mid-way.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		os.RemoveAll(tmp)
		statusR.Close()
		statusW.Close()
		lifeR.Close()
		lifeW.Close()
		outW.Close()
		return nil, fmt.Errorf("capture: starting worker: %w", err)
	}
	statusW.Close()
	lifeR.Close()
	outW.Close()

	s := &session{worker: cmd, lifeline: lifeW, out: out, tmp: tmp, waited: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(s.waited)
	}()

	debugf("worker spawned")
	line, err := readStatus(ctx, statusR, s.waited)
	debugf("worker ready")
	statusR.Close()
	if err != nil {
		s.close()
		return nil, err
	}
	if line != "ready" {
		s.close()
		return nil, fmt.Errorf("capture: debugger: %s", explainLaunchError(strings.TrimPrefix(line, "error: ")))
	}
	conn, err := net.Dial("unix", cfg.Socket)
	if err != nil {
		s.close()
		return nil, fmt.Errorf("capture: connecting to worker: %w", err)
	}
	s.client = rpc2.NewClientFromConn(conn)
	s.targetPID = s.client.ProcessPid()
	return s, nil
}

// readStatus waits for the worker's one status line.
func readStatus(ctx context.Context, r *os.File, dead <-chan struct{}) (string, error) {
	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		lines <- strings.TrimSpace(line)
	}()
	select {
	case l := <-lines:
		if l == "" {
			return "", errors.New("capture: the worker exited before the debugger started")
		}
		return l, nil
	case <-ctx.Done():
		return "", ctx.Err()
	case <-time.After(60 * time.Second):
		return "", errors.New("capture: the debugger did not start within 60s")
	}
}

// explainLaunchError turns Delve's launch errors into something actionable.
func explainLaunchError(msg string) string {
	switch {
	case strings.Contains(msg, "operation not permitted"):
		return msg + " (ptrace is not permitted here: allow it with 'sysctl kernel.yama.ptrace_scope=0', or run with CAP_SYS_PTRACE, e.g. docker run --cap-add=SYS_PTRACE)"
	case strings.Contains(msg, "Go version") || strings.Contains(msg, "too old") || strings.Contains(msg, "too new"):
		return msg + " (build the target with a Go version between 1.25 and 1.27)"
	}
	return msg
}

// halt interrupts a running target; safe from any goroutine.
func (s *session) halt() {
	if s.client != nil {
		_, _ = s.client.Halt()
	}
}

// close kills the target and the worker and waits for both. It is safe to
// call more than once.
func (s *session) close() {
	if s.client != nil {
		done := make(chan struct{})
		c := s.client
		s.client = nil
		go func() {
			_ = c.Detach(true)
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
		}
	}
	if s.lifeline != nil {
		s.lifeline.Close()
		s.lifeline = nil
	}
	select {
	case <-s.waited:
	case <-time.After(3 * time.Second):
	}
	// Whatever is left: the worker's group and the target's group.
	killGroup(s.worker.Process.Pid)
	killGroup(s.targetPID)
	<-s.waited
	s.out.closeWriter()
	os.RemoveAll(s.tmp)
}

// withAncestors adds tracebackancestors to a GODEBUG value: the runtime then
// remembers who started each goroutine, so a panic in a goroutine whose
// test has already returned can still be tied to that test.
func withAncestors(godebug string) string {
	if strings.Contains(godebug, "tracebackancestors=") {
		return godebug
	}
	if godebug == "" {
		return "tracebackancestors=10"
	}
	return godebug + ",tracebackancestors=10"
}
