package postmortem

import (
	"path/filepath"
	"strconv"
	"testing"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// access is the expected shape of one race access.
type access struct {
	op        string
	address   string
	goroutine int64
	frames    int
	loc       string // base:line
	created   string // base:line of the first created-by frame, "" if none
}

func TestParseRace(t *testing.T) {
	tests := []struct {
		file  string
		races [][]access
	}{
		{"race.txt", [][]access{{
			{"read", "0x00c000096028", 9, 2, "main.go:13", "main.go:21"},
			{"previous write", "0x00c000096028", 8, 2, "main.go:13", "main.go:21"},
		}}},
		{"logs_race_compose.txt", [][]access{{
			{"read", "0x00c000096028", 9, 2, "main.go:13", "main.go:21"},
			{"previous write", "0x00c000096028", 8, 2, "main.go:13", "main.go:21"},
		}}},
		{"race_main_goroutine.txt", [][]access{
			{
				{"read", "0x000000620318", 8, 2, "main.go:11", "main.go:15"},
				{"previous write", "0x000000620318", 1, 2, "main.go:11", ""},
			},
			{
				{"read", "0x000000620318", 1, 1, "main.go:18", ""},
				{"previous write", "0x000000620318", 8, 2, "main.go:11", "main.go:15"},
			},
			{
				// The innermost frame is the runtime's map code.
				{"read", "0x00c00007e0f0", 1, 2, "main.go:25", ""},
				{"previous write", "0x00c00007e0f0", 10, 2, "main.go:22", "main.go:21"},
			},
			{
				{"read", "0x00c000094018", 1, 1, "main.go:25", ""},
				{"previous write", "0x00c000094018", 10, 1, "main.go:22", "main.go:21"},
			},
		}},
		{"test_race.txt", [][]access{{
			{"write", "0x00c000094208", 10, 1, "gx_test.go:24", "gx_test.go:24"},
			{"previous write", "0x00c000094208", 9, 3, "gx_test.go:25", "testing.go:2101"},
		}}},
		{"nil_deref.txt", nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			races := ParseRace(readTestdata(t, tt.file), nil)
			if len(races) != len(tt.races) {
				t.Fatalf("%d races, want %d", len(races), len(tt.races))
			}
			for i, want := range tt.races {
				checkAccesses(t, races[i], want)
			}
		})
	}
}

func checkAccesses(t *testing.T, race report.Race, want []access) {
	t.Helper()
	if len(race.Accesses) != len(want) {
		t.Fatalf("%d accesses, want %d", len(race.Accesses), len(want))
	}
	for i, w := range want {
		a := race.Accesses[i]
		got := access{a.Op, a.Address, a.Goroutine, len(a.Frames), baseLine(a.Location), ""}
		if len(a.CreatedBy) > 0 {
			got.created = filepath.Base(a.CreatedBy[0].File) + ":" + strconv.Itoa(a.CreatedBy[0].Line)
		}
		if got != w {
			t.Errorf("access %d = %+v, want %+v", i, got, w)
		}
	}
}

// TestParseRaceVariants covers report lines the runtime prints in rarer
// cases; the text is written by hand after tsan's report format.
func TestParseRaceVariants(t *testing.T) {
	text := `==================
WARNING: DATA RACE
Atomic write at 0x00c0000a0010 by goroutine 7:
  sync/atomic.StoreInt64()
      /usr/local/go/src/runtime/race_amd64.s:237 +0xb
  main.set()
      /src/app/main.go:9 +0x2c

Previous read at 0x00c0000a0010 by main goroutine:
  [failed to restore the stack]

Goroutine 7 (running) created at:
  main.main()
      /src/app/main.go:14 +0x44
==================
WARNING: DATA RACE
Write at 0x00c0000a0020 by goroutine 3:
  main.other()
      /src/app/main.go:20 +0x1
`
	races := ParseRace([]byte(text), nil)
	if len(races) != 2 {
		t.Fatalf("%d races, want 2", len(races))
	}
	checkAccesses(t, races[0], []access{
		{"atomic write", "0x00c0000a0010", 7, 2, "main.go:9", "main.go:14"},
		{"previous read", "0x00c0000a0010", 1, 0, ".:0", ""},
	})
	checkAccesses(t, races[1], []access{{"write", "0x00c0000a0020", 3, 1, "main.go:20", ""}})
	if races[0].Accesses[0].Frames[0].User {
		t.Error("sync/atomic frame marked user")
	}
}

func TestParseRaceMapped(t *testing.T) {
	root := workspace(t, true, userFiles...)
	races := ParseRace(relocated(t, "race.txt", "/home/ci/build/svc/"), NewMapper(root, ""))
	if len(races) != 1 {
		t.Fatalf("%d races", len(races))
	}
	want := filepath.Join(root, "cmd", "race", "main.go")
	for _, a := range races[0].Accesses {
		if a.Location.File != want || !a.Frames[0].User || a.CreatedBy[0].File != want {
			t.Errorf("access %s: location %s, created by %s", a.Op, a.Location.File, a.CreatedBy[0].File)
		}
	}
}
