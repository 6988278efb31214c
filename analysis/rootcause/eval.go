package rootcause

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// RootMarkers returns file:line of the lines marked "// ROOT" in the Go
// files of dir: the annotated answers of an evaluation case. Only the
// evaluation reads them; the analysis never does.
func RootMarkers(dir string) map[string]bool {
	out := map[string]bool{}
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, f := range files {
		abs, _ := filepath.Abs(f)
		fh, err := os.Open(f)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(fh)
		for i := 1; sc.Scan(); i++ {
			if strings.Contains(sc.Text(), "// ROOT") {
				out[fmt.Sprintf("%s:%d", abs, i)] = true
			}
		}
		fh.Close()
	}
	return out
}

// Rank is the 1-based position of the first suspect on a root line, or 0.
func Rank(sus []report.Suspect, roots map[string]bool) int {
	for i, s := range sus {
		if roots[fmt.Sprintf("%s:%d", s.File, s.Line)] {
			return i + 1
		}
	}
	return 0
}
