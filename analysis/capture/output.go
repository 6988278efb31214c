package capture

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"sync"
	"time"
)

// outputSink collects a target's combined stdout and stderr. It keeps a
// bounded head and tail in memory for the report, copies up to fileMax bytes
// to a file the user can open, and watches for race reports as they arrive.
type outputSink struct {
	headMax, tailMax int
	fileMax          int64
	path             string
	onRace           func() // called after each complete race report

	mu       sync.Mutex // guards the fields below
	head     []byte
	tail     []byte // ring of the last tailMax bytes, in order
	total    int64
	races    [][]byte
	inRace   *bytes.Buffer
	noTests  bool
	done     chan struct{}
	w        *os.File
	started  bool
	raceSeen chan struct{} // closed at the first complete race report
}

func newOutputSink(path string, headMax, tailMax int, fileMax int64) *outputSink {
	return &outputSink{headMax: headMax, tailMax: tailMax, fileMax: fileMax, path: path,
		done: make(chan struct{}), raceSeen: make(chan struct{})}
}

// writer returns the write end of a pipe whose read end the sink consumes.
func (o *outputSink) writer() (*os.File, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	o.mu.Lock()
	o.started = true
	o.mu.Unlock()
	go o.consume(r)
	return w, nil
}

// consume reads until every writer is closed. It owns r.
func (o *outputSink) consume(r *os.File) {
	defer close(o.done)
	defer r.Close()
	var file *os.File
	if o.path != "" {
		file, _ = os.Create(o.path)
	}
	var written int64
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		line, err := br.ReadSlice('\n')
		if len(line) > 0 {
			if file != nil && written < o.fileMax {
				n, _ := file.Write(line)
				written += int64(n)
			}
			o.add(line)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			break
		}
	}
	if file != nil {
		file.Close()
	}
}

var (
	raceStart = []byte("WARNING: DATA RACE")
	raceEnd   = []byte("==================")
	noTests   = []byte("testing: warning: no tests to run")
)

// add records one line (or a piece of a very long one).
func (o *outputSink) add(line []byte) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.total += int64(len(line))
	o.scan(line)
	if len(o.head) < o.headMax {
		n := min(len(line), o.headMax-len(o.head))
		o.head = append(o.head, line[:n]...)
		line = line[n:]
	}
	if len(line) > 0 {
		o.tail = append(o.tail, line...)
		if len(o.tail) > 2*o.tailMax {
			o.tail = append(o.tail[:0:0], o.tail[len(o.tail)-o.tailMax:]...)
		}
	}
}

// scan follows race reports and the no-tests warning; o.mu is held.
func (o *outputSink) scan(line []byte) {
	if bytes.HasPrefix(line, noTests) {
		o.noTests = true
	}
	if o.inRace == nil {
		if bytes.HasPrefix(line, raceStart) && len(o.races) < 8 {
			o.inRace = &bytes.Buffer{}
			o.inRace.WriteString("==================\n")
			o.inRace.Write(line)
		}
		return
	}
	if o.inRace.Len() < 256<<10 {
		o.inRace.Write(line)
	}
	if bytes.HasPrefix(line, raceEnd) {
		o.races = append(o.races, o.inRace.Bytes())
		o.inRace = nil
		if len(o.races) == 1 {
			close(o.raceSeen)
		}
		if o.onRace != nil {
			go o.onRace()
		}
	}
}

// closeWriter is called when the worker is gone; it waits briefly for the
// reader to drain what is left in the pipe.
func (o *outputSink) closeWriter() {
	o.mu.Lock()
	started := o.started
	o.mu.Unlock()
	if !started {
		return
	}
	select {
	case <-o.done:
	case <-time.After(2 * time.Second):
	}
}

// waitRace waits up to d for a complete race report.
func (o *outputSink) waitRace(d time.Duration) bool {
	select {
	case <-o.raceSeen:
		return true
	case <-time.After(d):
		return false
	}
}

// text returns the bounded output and whether anything was dropped.
func (o *outputSink) text() (string, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	tail := o.tail
	if len(tail) > o.tailMax {
		tail = tail[len(tail)-o.tailMax:]
	}
	kept := int64(len(o.head) + len(tail))
	if kept >= o.total {
		return string(o.head) + string(tail), false
	}
	var b bytes.Buffer
	b.Write(o.head)
	b.WriteString("\n... [output truncated by sleuth] ...\n")
	b.Write(tail)
	return b.String(), true
}

// raceReports returns the complete race reports seen so far.
func (o *outputSink) raceReports() []byte {
	o.mu.Lock()
	defer o.mu.Unlock()
	return bytes.Join(o.races, nil)
}

// sawNoTests reports whether the test binary said no test matched.
func (o *outputSink) sawNoTests() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.noTests
}

var _ io.Writer = (*bytes.Buffer)(nil)
