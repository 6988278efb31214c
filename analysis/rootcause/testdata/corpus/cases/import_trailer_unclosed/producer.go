package payouts

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
)

type parsed struct {
	line   int
	payout Payout
	err    error
}

// isTrailer reports whether rec is the bank's end-of-file control record,
// e.g. "#EOF,3" meaning three payout rows precede it.
func isTrailer(rec []string) bool {
	return len(rec) > 0 && strings.HasPrefix(rec[0], "#EOF")
}

// produce streams parsed rows from the bank export to out.
func produce(cr *csv.Reader, out chan<- parsed) {
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			out <- parsed{line: line, err: err}
			break
		}
		if isTrailer(rec) {
			return // ROOT
		}
		out <- parseRow(line, rec)
	}
	close(out)
}

func parseRow(line int, rec []string) parsed {
	if len(rec) != 3 {
		return parsed{line: line, err: fmt.Errorf("line %d: want 3 fields, got %d", line, len(rec))}
	}
	cents, err := strconv.ParseInt(rec[2], 10, 64)
	if err != nil {
		return parsed{line: line, err: fmt.Errorf("line %d: amount: %w", line, err)}
	}
	return parsed{line: line, payout: Payout{Reference: rec[0], Account: rec[1], Cents: cents}}
}
