package postmortem

import (
	"reflect"
	"strings"
	"testing"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		msg  string
		want report.Kind
	}{
		{"runtime error: invalid memory address or nil pointer dereference", report.KindNilDeref},
		{"panic: runtime error: invalid memory address or nil pointer dereference", report.KindNilDeref},
		{"assignment to entry in nil map", report.KindNilMapWrite},
		{"runtime error: index out of range [5] with length 3", report.KindIndexOutOfRange},
		{"runtime error: index out of range [-1]", report.KindIndexOutOfRange},
		{"runtime error: slice bounds out of range [:10] with capacity 3", report.KindSliceBounds},
		{"interface conversion: interface {} is int, not string", report.KindTypeAssertion},
		{"interface conversion: main.T is not main.I: missing method M", report.KindTypeAssertion},
		{"close of closed channel", report.KindClosedChannel},
		{"close of nil channel", report.KindClosedChannel},
		{"send on closed channel", report.KindClosedChannel},
		{"runtime error: integer divide by zero", report.KindDivideByZero},
		{"fatal error: concurrent map writes", report.KindConcurrentMapWrite},
		{"fatal error: concurrent map read and map write", report.KindConcurrentMapWrite},
		{"fatal error: concurrent map iteration and map write", report.KindConcurrentMapWrite},
		{"fatal error: all goroutines are asleep - deadlock!", report.KindDeadlock},
		{"test timed out after 10m0s\nrunning tests:\n\tTestX (10m0s)", report.KindTimeout},
		{"data race: read at 0x1 by goroutine 2", report.KindDataRace},
		{"WARNING: DATA RACE", report.KindDataRace},
		{"fatal error: stack overflow", report.KindFatal},
		{"fatal error: sync: unlock of unlocked mutex", report.KindFatal},
		{"handler: save user: storage is broken", report.KindCustomPanic},
		{"runtime error: makeslice: len out of range", report.KindCustomPanic},
		{"", report.KindCustomPanic},
	}
	for _, tt := range tests {
		if got := Classify(tt.msg); got != tt.want {
			t.Errorf("Classify(%q) = %q, want %q", tt.msg, got, tt.want)
		}
	}
}

func TestCleanMessage(t *testing.T) {
	tests := []struct{ in, want string }{
		{"runtime error: index out of range [1] with length 0 [recovered]", "runtime error: index out of range [1] with length 0"},
		{"boom [recovered, repanicked]", "boom"},
		{"panic: boom", "boom"},
		{"  panic: boom [recovered]\r\n", "boom"},
		{"first [recovered]\n\tpanic: second", "first"},
		{"config invalid:\n\t  line 3\n\t  line 7 [recovered, repanicked]", "config invalid:\n  line 3\n  line 7"},
		{goexitNoise + " [recovered]\n\tpanic: real cause", "real cause"},
		{goexitNoise, goexitNoise},
		{"runtime error: x\n[signal SIGSEGV: segmentation violation]", "runtime error: x"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := CleanMessage(tt.in); got != tt.want {
			t.Errorf("CleanMessage(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFindPanic(t *testing.T) {
	tests := []struct {
		file string
		want string
		ok   bool
	}{
		{"nil_deref.txt", "runtime error: invalid memory address or nil pointer dereference", true},
		{"multiline_panic.txt", "config invalid:\n  line 3: unknown key \"foo\"\n  line 7: missing value", true},
		{"test_panic.txt", "runtime error: invalid memory address or nil pointer dereference", true},
		{"repanic.txt", "runtime error: invalid memory address or nil pointer dereference", true},
		{"deadlock.txt", "fatal error: all goroutines are asleep - deadlock!", true},
		{"concurrent_map_writes.txt", "fatal error: concurrent map writes", true},
		{"test_timeout.txt", "test timed out after 1s\nrunning tests:\n\tTestSlow (1s)", true},
		{"logs_mapwrites_k8s.txt", "fatal error: concurrent map writes", true},
		{"race.txt", "", false},
		{"sigquit.txt", "", false},
	}
	for _, tt := range tests {
		got, ok := FindPanic(readTestdata(t, tt.file))
		if got != tt.want || ok != tt.ok {
			t.Errorf("FindPanic(%s) = %q, %v; want %q, %v", tt.file, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{
			name: "journald prefix with changing timestamps and pid",
			in: "Jan 02 15:04:05 web-1 svc[812]: panic: boom\n" +
				"Jan 02 15:04:05 web-1 svc[812]: \n" +
				"Jan 02 15:04:06 web-1 svc[812]: goroutine 1 [running]:\n" +
				"Jan 02 15:04:06 web-1 svc[812]: main.main()\n" +
				"Jan 02 15:04:06 web-1 svc[812]: \t/src/main.go:5 +0x1d\n" +
				"Jan 02 15:04:07 web-1 systemd[1]: svc.service: Main process exited\n",
			want: []string{"panic: boom", "", "goroutine 1 [running]:", "main.main()", "\t/src/main.go:5 +0x1d",
				"Jan 02 15:04:07 web-1 systemd[1]: svc.service: Main process exited"},
		},
		{
			name: "colours and CRLF",
			in:   "\x1b[31mpanic: boom\x1b[0m\r\n\r\ngoroutine 1 [running]:\r\n",
			want: []string{"panic: boom", "", "goroutine 1 [running]:"},
		},
		{
			name: "prefix before a lone mention is kept",
			in:   "12:00 INFO recovered from panic: x\n12:01 INFO ok\n",
			want: []string{"12:00 INFO recovered from panic: x", "12:01 INFO ok"},
		},
		{
			name: "indented paste",
			in:   "    panic: boom\n\n    goroutine 1 [running]:\n    main.main()\n",
			want: []string{"panic: boom", "", "goroutine 1 [running]:", "main.main()"},
		},
	}
	for _, tt := range tests {
		if got := normalize([]byte(tt.in)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: normalize = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestParseJournald(t *testing.T) {
	var text []byte
	for _, l := range splitLines(readTestdata(t, "custom_error.txt")) {
		text = append(text, "Mar 14 09:26:53 web-1 svc[4242]: "+l+"\n"...)
	}
	r, err := Parse(text, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Failure.Message != "handler: save user: storage is broken" || baseLine(r.Failure.Location) != "handler.go:47" {
		t.Errorf("failure = %+v", r.Failure)
	}
}

func splitLines(b []byte) []string {
	var out []string
	start := 0
	for i, c := range b {
		if c == '\n' {
			out = append(out, string(b[start:i]))
			start = i + 1
		}
	}
	if start < len(b) {
		out = append(out, string(b[start:]))
	}
	return out
}

func TestParseOldStyleTestPanic(t *testing.T) {
	// Go before 1.23 printed the re-panic of go test as a chained panic.
	text := strings.Replace(string(readTestdata(t, "test_panic.txt")),
		"dereference [recovered, repanicked]\n",
		"dereference [recovered]\n\tpanic: runtime error: invalid memory address or nil pointer dereference\n", 1)
	r, err := Parse([]byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Failure.Kind != report.KindNilDeref || len(r.Notes) != 0 || baseLine(r.Failure.Location) != "svc.go:10" {
		t.Errorf("failure = %+v, notes %q", r.Failure, r.Notes)
	}
}
