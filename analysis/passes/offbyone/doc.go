// Package offbyone defines an Analyzer that reports indexes that reach
// len(x), one past the last element.
//
// # Analyzer offbyone
//
// offbyone: report loops, wrap checks and indexes that reach len(x)
//
// Three shapes are reported, each of which panics with "index out of
// range" at run time:
//
//	for i := 0; i <= len(x); i++ { use(x[i]) } // last iteration: x[len(x)]
//
//	r.pos++
//	if r.pos > len(r.buf) { r.pos = 0 }        // r.pos == len(r.buf) is kept
//	r.buf[r.pos] = v
//
//	last := x[len(x)]                          // always out of range
//
// The loop is reported only when its body indexes x with the loop
// variable itself, does not assign that variable, and does not compare it
// with len(x) (which would be a guard). The wrap check is reported only
// when the same variable or field indexes the same slice somewhere in the
// package. Maps are never reported: m[len(m)] is a valid key.
package offbyone
