// Package skippeddone defines an Analyzer that reports early returns which
// skip a function's final wg.Done() or close(ch), leaving the goroutines
// that wait for it blocked forever.
//
// # Analyzer skippeddone
//
// skippeddone: report returns that skip wg.Done() or close(ch)
//
// A goroutine that signals its end by calling wg.Done() (or close(ch)) as
// a plain statement at the end of its body, rather than with defer, skips
// the signal on every earlier return. Wait (or the range over ch) then
// never returns, and the test times out in a deadlock:
//
//	go func() {
//		if err := step(); err != nil {
//			return // wg.Done() never runs: wg.Wait() blocks forever
//		}
//		wg.Done()
//	}()
//
// The analyzer looks at functions whose body calls wg.Done() on a
// sync.WaitGroup, or close(ch), as a statement of the body itself (not
// nested in a branch or loop), and that do not also defer it. Each return
// before that statement is reported unless the same call appears before
// the return on its way out (if err != nil { wg.Done(); return }). For
// close(ch), the report needs a receive from the channel that blocks
// until it is closed (a range, a receive, or a select with no other case)
// in another function of the package, from the same variable or field or
// one it is passed to or assigned from (the producer's parameter out, the
// caller's variable, the consumer's parameter in).
package skippeddone
