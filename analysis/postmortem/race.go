package postmortem

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

const (
	raceBanner = "WARNING: DATA RACE"
	raceRule   = "=================="
	// maxRaceLines bounds one race report when its closing rule is missing.
	maxRaceLines = 2000
)

var (
	// reRaceAccess matches "Read at 0x00c000096028 by goroutine 9:" and its
	// variants: "Previous write", "Atomic read", "by main goroutine".
	reRaceAccess = regexp.MustCompile(`^(?i:(previous )?((?:atomic )?(?:read|write))) at (0x[0-9a-fA-F]+) by (?:goroutine (\d+)|(main) goroutine):$`)
	// reRaceCreated matches "Goroutine 9 (running) created at:".
	reRaceCreated = regexp.MustCompile(`^Goroutine (\d+) \((\w+)\) created at:$`)
)

// ParseRace returns every data race report found in text, such as the race
// detector writes to a program's stderr. m maps file paths and decides which
// frames are the user's; it may be nil.
//
// The report format is read here rather than by panicparse: panicparse
// rejects the common "by main goroutine" accesses and stops at the first
// report. Frames are still parsed by panicparse (see raceFrames).
func ParseRace(text []byte, m *Mapper) []report.Race {
	races, _ := findRaces(normalize(text), m)
	return races
}

// raceBlock is one race report as found in the lines.
type raceBlock struct {
	race  report.Race
	start int // index of the "WARNING: DATA RACE" line, or of the rule above it
	end   int // index after the report's last line
	// states holds what "Goroutine N (state) created at:" said of each
	// goroutine.
	states map[int64]string
}

// raceSection is one titled list of frames inside a race report.
type raceSection struct {
	access  *report.Access // nil for a "created at" section
	created int64          // goroutine of a "created at" section
	lines   []string
}

// findRaces returns the race reports in lines and marks their lines, so
// that the goroutine dump scan can skip them.
func findRaces(lines []string, m *Mapper) ([]report.Race, []raceBlock) {
	var races []report.Race
	var blocks []raceBlock
	for i := 0; i < len(lines); i++ {
		if lines[i] != raceBanner {
			continue
		}
		b := parseRaceBlock(lines, i, m)
		i = b.end - 1
		if len(b.race.Accesses) == 0 {
			continue
		}
		races = append(races, b.race)
		blocks = append(blocks, b)
	}
	return races, blocks
}

// parseRaceBlock reads the report whose banner is at lines[at].
func parseRaceBlock(lines []string, at int, m *Mapper) raceBlock {
	b := raceBlock{start: at, end: at + 1, states: map[int64]string{}}
	if at > 0 && lines[at-1] == raceRule {
		b.start = at - 1
	}
	var sections []*raceSection
	var cur *raceSection
	j := at + 1
	for ; j < len(lines) && j < at+maxRaceLines; j++ {
		l := lines[j]
		if l == raceRule {
			j++
			break
		}
		if l == raceBanner {
			break // the next report, this one lost its closing rule
		}
		if mm := reRaceAccess.FindStringSubmatch(l); mm != nil {
			op := strings.ToLower(mm[2])
			if mm[1] != "" {
				op = "previous " + op
			}
			// The race detector names goroutine 1 "main goroutine".
			id := int64(1)
			if mm[5] == "" {
				id, _ = strconv.ParseInt(mm[4], 10, 64)
			}
			cur = &raceSection{access: &report.Access{Op: op, Address: mm[3], Goroutine: id}}
			sections = append(sections, cur)
			continue
		}
		if mm := reRaceCreated.FindStringSubmatch(l); mm != nil {
			id, _ := strconv.ParseInt(mm[1], 10, 64)
			b.states[id] = mm[2]
			cur = &raceSection{created: id}
			sections = append(sections, cur)
			continue
		}
		switch {
		case strings.TrimSpace(l) == "":
			cur = nil
		case cur != nil && (l[0] == ' ' || l[0] == '\t'):
			cur.lines = append(cur.lines, l)
		case len(sections) == 0 || l[0] == ' ' || l[0] == '\t':
			// Lines the report format may grow ("Location is global ..."):
			// skip them rather than lose the report.
		default:
			// An unindented foreign line: the report was cut short.
			b.end = j
			b.race = assembleRace(sections, m)
			return b
		}
	}
	b.end = j
	b.race = assembleRace(sections, m)
	return b
}

// assembleRace parses the frames of every section and attaches "created at"
// stacks to the accesses of the same goroutine.
func assembleRace(sections []*raceSection, m *Mapper) report.Race {
	frames := raceFrames(sections, m)
	created := map[int64][]report.Frame{}
	for i, s := range sections {
		if s.access == nil {
			if _, dup := created[s.created]; !dup {
				created[s.created] = frames[i]
			}
		}
	}
	race := report.Race{Accesses: []report.Access{}}
	for i, s := range sections {
		if s.access == nil {
			continue
		}
		a := *s.access
		a.Frames = frames[i]
		a.CreatedBy = created[a.Goroutine]
		a.Location = failingLocation(a.Frames)
		race.Accesses = append(race.Accesses, a)
	}
	return race
}

// raceFrames parses the frames of all sections in one panicparse call by
// rewriting each section as a goroutine of a dump: the frame lines of a race
// report are those of a traceback, only indented differently. The pseudo
// goroutine IDs are the section indexes plus one.
func raceFrames(sections []*raceSection, m *Mapper) [][]report.Frame {
	var dump []string
	for i, s := range sections {
		var body []string
		for _, l := range s.lines {
			t := strings.TrimSpace(l)
			switch {
			case strings.HasPrefix(t, "["):
				// "[failed to restore the stack]"
			case strings.HasSuffix(t, ")"):
				body = append(body, t)
			default:
				body = append(body, "\t"+t)
			}
		}
		if len(body) == 0 {
			continue
		}
		dump = append(dump, fmt.Sprintf("goroutine %d [race]:", i+1))
		dump = append(dump, body...)
		dump = append(dump, "")
	}
	out := make([][]report.Frame, len(sections))
	for i := range out {
		out[i] = []report.Frame{}
	}
	gs, _ := scanDump(dump)
	c := converter{m: m}
	for _, g := range gs {
		if i := g.ID - 1; i >= 0 && i < len(out) && len(out[i]) == 0 {
			out[i] = c.frames(g.Stack.Calls)
		}
	}
	return out
}

// raceFailure describes the first race as the failure.
func raceFailure(race report.Race) *report.Failure {
	first := race.Accesses[0]
	msg := fmt.Sprintf("data race: %s at %s by goroutine %d", first.Op, first.Address, first.Goroutine)
	if len(race.Accesses) > 1 {
		other := race.Accesses[1]
		msg += fmt.Sprintf(", %s by goroutine %d", other.Op, other.Goroutine)
	}
	return &report.Failure{
		Kind:      report.KindDataRace,
		Message:   msg,
		Goroutine: first.Goroutine,
		Location:  first.Location,
	}
}

// raceGoroutines lists the goroutines of a race, one per goroutine, with the
// state the race detector reported.
func raceGoroutines(b raceBlock) []report.Goroutine {
	out := []report.Goroutine{}
	seen := map[int64]bool{}
	for _, a := range b.race.Accesses {
		if seen[a.Goroutine] {
			continue
		}
		seen[a.Goroutine] = true
		g := report.Goroutine{ID: a.Goroutine, Count: 1, State: b.states[a.Goroutine], Frames: a.Frames}
		for _, f := range a.Frames {
			g.User = g.User || f.User
		}
		if len(a.CreatedBy) > 0 {
			loc := location(a.CreatedBy[0])
			g.CreatedBy = &loc
		}
		out = append(out, g)
	}
	return out
}
