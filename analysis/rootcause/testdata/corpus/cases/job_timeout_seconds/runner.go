package jobs

import "time"

// Run is one execution of a job.
type Run struct {
	Job      string
	Attempt  int
	Started  time.Time
	Deadline time.Time
}

type Runner struct {
	now func() time.Time
}

func NewRunner(now func() time.Time) *Runner { return &Runner{now: now} }

// Start records a new run of s and computes when it must be cancelled.
func (r *Runner) Start(s Spec, attempt int) (Run, error) {
	if err := s.validate(); err != nil {
		return Run{}, err
	}
	started := r.now()
	return Run{Job: s.Name, Attempt: attempt, Started: started, Deadline: started.Add(s.timeout())}, nil
}

// Expired reports whether run has passed its deadline at t.
func (r *Runner) Expired(run Run, t time.Time) bool { return !t.Before(run.Deadline) }
