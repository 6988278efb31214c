package capture

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"debug/buildinfo"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/go-delve/delve/pkg/goversion"
	"github.com/sleuth-dev/sleuth/analysis/report"
)

// ErrNoTestFiles is returned for a package without tests.
var ErrNoTestFiles = errors.New("no test files")

// pkgInfo is a package to build, resolved.
type pkgInfo struct {
	Dir        string // source directory
	ImportPath string
	ModRoot    string // directory holding its go.mod
	ModPath    string
	HasTests   bool
}

// resolvePackages expands the package arguments. Directory arguments are
// resolved without the go command (fast, and works for nested modules);
// import paths and patterns go through 'go list'.
func resolvePackages(ctx context.Context, dir string, args []string) ([]pkgInfo, error) {
	var out []pkgInfo
	for _, a := range args {
		if isDirArg(a) && !strings.Contains(a, "...") {
			p := a
			if !filepath.IsAbs(p) {
				p = filepath.Join(dir, p)
			}
			st, err := os.Stat(p)
			if err != nil || !st.IsDir() {
				return nil, fmt.Errorf("capture: package %s: no such directory", a)
			}
			info, err := dirPackage(p)
			if err != nil {
				return nil, err
			}
			out = append(out, info)
			continue
		}
		listed, err := goList(ctx, dir, a)
		if err != nil {
			return nil, err
		}
		out = append(out, listed...)
	}
	return out, nil
}

func isDirArg(a string) bool {
	return a == "." || a == ".." || strings.HasPrefix(a, "./") || strings.HasPrefix(a, "../") || filepath.IsAbs(a)
}

// dirPackage describes the package in dir from its go.mod.
func dirPackage(dir string) (pkgInfo, error) {
	root := dir
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(root)
		if parent == root {
			return pkgInfo{}, fmt.Errorf("capture: %s is not inside a Go module: run 'go mod init' there first", dir)
		}
		root = parent
	}
	modPath := modulePath(filepath.Join(root, "go.mod"))
	rel, _ := filepath.Rel(root, dir)
	imp := modPath
	if rel != "." {
		imp = modPath + "/" + filepath.ToSlash(rel)
	}
	tests, _ := filepath.Glob(filepath.Join(dir, "*_test.go"))
	return pkgInfo{Dir: dir, ImportPath: imp, ModRoot: root, ModPath: modPath, HasTests: len(tests) > 0}, nil
}

var moduleLine = regexp.MustCompile(`(?m)^module\s+"?([^\s"]+)"?`)

func modulePath(gomod string) string {
	b, err := os.ReadFile(gomod)
	if err != nil {
		return ""
	}
	if m := moduleLine.FindSubmatch(b); m != nil {
		return string(m[1])
	}
	return ""
}

// goList resolves an import path or pattern.
func goList(ctx context.Context, dir, pattern string) ([]pkgInfo, error) {
	cmd := exec.CommandContext(ctx, "go", "list", "-e", "-json=Dir,ImportPath,Module,Error,TestGoFiles,XTestGoFiles", pattern)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	raw, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("capture: go list %s: %s", pattern, firstLine(stderr.String(), err))
	}
	var out []pkgInfo
	dec := json.NewDecoder(bytes.NewReader(raw))
	for dec.More() {
		var p struct {
			Dir, ImportPath           string
			Module                    *struct{ Path, Dir string }
			Error                     *struct{ Err string }
			TestGoFiles, XTestGoFiles []string
		}
		if err := dec.Decode(&p); err != nil {
			return nil, fmt.Errorf("capture: go list: %w", err)
		}
		if p.Error != nil && p.Dir == "" {
			return nil, fmt.Errorf("capture: %s", p.Error.Err)
		}
		info := pkgInfo{Dir: p.Dir, ImportPath: p.ImportPath, HasTests: len(p.TestGoFiles)+len(p.XTestGoFiles) > 0}
		if p.Module != nil {
			info.ModRoot, info.ModPath = p.Module.Dir, p.Module.Path
		}
		out = append(out, info)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("capture: %s matched no packages", pattern)
	}
	return out, nil
}

func firstLine(s string, err error) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return err.Error()
	}
	if i := strings.IndexByte(s, '\n'); i > 0 {
		return s[:i]
	}
	return s
}

// buildResult is a built target, or the compiler's complaint.
type buildResult struct {
	Binary string
	Errors []report.Location
	Output string
}

// build compiles the package for debugging (optimisations and inlining off)
// into the cache directory. A compile error is not an error: it comes back
// in buildResult.Errors.
func build(ctx context.Context, o *Options, p pkgInfo) (*buildResult, error) {
	key := sha256.Sum256([]byte(strings.Join([]string{p.Dir, o.Mode, strconv.FormatBool(o.Race), o.Tags}, "\x00")))
	outDir := filepath.Join(o.CacheDir, "bin", hex.EncodeToString(key[:8]))
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, fmt.Errorf("capture: cache dir %s is not writable: %w", o.CacheDir, err)
	}
	name := filepath.Base(p.Dir)
	var args []string
	if o.Mode == "test" {
		name += ".test"
		args = []string{"test", "-c"}
	} else {
		args = []string{"build"}
	}
	bin := filepath.Join(outDir, name)
	args = append(args, "-o", bin, "-gcflags=all=-N -l")
	if o.Race {
		args = append(args, "-race")
	}
	if o.Tags != "" {
		args = append(args, "-tags", o.Tags)
	}
	args = append(args, ".")
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = p.Dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { killGroup(cmd.Process.Pid); return nil }
	cmd.WaitDelay = 5 * time.Second
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	res := &buildResult{Output: out.String()}
	if err != nil {
		res.Errors = compileErrors(out.String(), p.Dir)
		if len(res.Errors) == 0 {
			return nil, fmt.Errorf("capture: go %s failed: %s", args[0], firstLine(out.String(), err))
		}
		return res, nil
	}
	// go test -c writes nothing for a package without tests.
	if _, err := os.Stat(bin); err != nil || (o.Mode == "test" && !p.HasTests) {
		return nil, ErrNoTestFiles
	}
	if err := checkGoVersion(bin); err != nil {
		return nil, err
	}
	res.Binary = bin
	return res, nil
}

var compileLine = regexp.MustCompile(`^(\S+?\.go):(\d+)(?::(\d+))?: (.*)$`)

// compileErrors extracts file:line:col messages, with absolute paths.
func compileErrors(out, dir string) []report.Location {
	var locs []report.Location
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		m := compileLine.FindStringSubmatch(strings.TrimSpace(sc.Text()))
		if m == nil {
			continue
		}
		file := m[1]
		if !filepath.IsAbs(file) {
			file = filepath.Join(dir, file)
		}
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		locs = append(locs, report.Location{File: file, Line: line, Column: col, Message: m[4]})
	}
	return locs
}

// checkGoVersion refuses targets Delve cannot read, with what to do.
func checkGoVersion(bin string) error {
	bi, err := buildinfo.ReadFile(bin)
	if err != nil {
		return nil // not fatal: Delve will say more if it matters
	}
	v, ok := goversion.Parse(bi.GoVersion)
	if !ok {
		return nil
	}
	if v.Major == 1 && (v.Minor < 25 || v.Minor > 27) {
		return fmt.Errorf("capture: the target was built by %s, which this Delve cannot read (it reads Go 1.25 to 1.27): install one of those, or update sleuth", bi.GoVersion)
	}
	return nil
}

// buildGoVersion returns the Go version recorded in a binary, or "".
func buildGoVersion(bin string) string {
	bi, err := buildinfo.ReadFile(bin)
	if err != nil {
		return ""
	}
	return bi.GoVersion
}
