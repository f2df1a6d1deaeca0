package rollout

import (
	"errors"
	"fmt"
	"time"
)

// Errors ApplyCommand returns (wrapped) for commands that do not apply.
var (
	ErrNotStarted     = errors.New("rollout has not started")
	ErrCompleted      = errors.New("rollout is already completed")
	ErrAborted        = errors.New("rollout is aborted (retry it first)")
	ErrNotAborted     = errors.New("rollout is not aborted")
	ErrNoStepLeft     = errors.New("no step left to skip")
	ErrUnknownCommand = errors.New("unknown command")
)

// ApplyCommand applies a user command to the persisted status, with the
// semantics of `kubectl argo rollouts`:
//
//   - promote: a paused rollout leaves its pause (a pause step, or an
//     analysis step that came out inconclusive, counts as done; a pause for
//     inconclusive background analysis restarts the background run); a
//     rollout that is not paused skips its current step;
//   - promote-full: skip every remaining step and analysis and go to 100 %;
//   - abort: weight back to 0, stable back to full (Reconcile does the rest);
//   - retry: only when aborted: start again from step 0.
//
// The next Reconcile acts on the returned status.
func ApplyCommand(now time.Time, spec Spec, st Status, cmd Command) (Status, []Event, error) {
	st = st.Clone()
	var evs []Event
	ev := func(t EventType, msg string) {
		evs = append(evs, Event{At: now, Type: t, Step: st.CurrentStepIndex, Message: msg})
	}
	fail := func(err error) (Status, []Event, error) {
		return Status{}, nil, fmt.Errorf("apply %s: %w", cmd, err)
	}
	switch cmd {
	case CommandRetry:
		if !st.Aborted {
			return fail(ErrNotAborted)
		}
		st = Status{Phase: PhaseProgressing, StepStartedAt: now}
		msg := "retry"
		if len(spec.Canary.Steps) > 0 {
			msg += ": " + describeStep(spec.Canary.Steps[0])
		}
		ev(EventStepStarted, msg)
		return st, evs, nil
	case CommandPromote, CommandPromoteFull, CommandAbort:
	default:
		return fail(fmt.Errorf("%w %q", ErrUnknownCommand, cmd))
	}
	switch {
	case st.Phase == "":
		return fail(ErrNotStarted)
	case st.Completed:
		return fail(ErrCompleted)
	case st.Aborted:
		return fail(ErrAborted)
	}
	switch cmd {
	case CommandAbort:
		abortStatus(&st, now, "manual abort")
		ev(EventAborted, "manual abort")
	case CommandPromoteFull:
		st.PromoteFull, st.PauseStartTime, st.PauseReason, st.Phase = true, nil, "", PhaseProgressing
		for i := range st.Analyses {
			terminateRun(&st.Analyses[i])
		}
		ev(EventPromoted, "promote-full: skip remaining steps and analysis")
	case CommandPromote:
		return promote(now, spec, st)
	}
	return st, evs, nil
}

// promote implements CommandPromote on a started, unfinished rollout.
func promote(now time.Time, spec Spec, st Status) (Status, []Event, error) {
	var evs []Event
	ev := func(t EventType, msg string) {
		evs = append(evs, Event{At: now, Type: t, Step: st.CurrentStepIndex, Message: msg})
	}
	steps := spec.Canary.Steps
	if st.PauseStartTime != nil && st.PauseReason == PauseReasonInconclusive && !stepIsAnalysis(spec, st.CurrentStepIndex) {
		// Background analysis was inconclusive: resume with a fresh run.
		st.PauseStartTime, st.PauseReason, st.Phase = nil, "", PhaseProgressing
		kept := st.Analyses[:0]
		for _, a := range st.Analyses {
			if !a.Background {
				kept = append(kept, a)
			}
		}
		st.Analyses = kept
		ev(EventResumed, "promote: restart background analysis")
		ev(EventPromoted, "promote")
		return st, evs, nil
	}
	if st.PromoteFull || int(st.CurrentStepIndex) >= len(steps) {
		return Status{}, nil, fmt.Errorf("apply %s: %w", CommandPromote, ErrNoStepLeft)
	}
	if st.PauseStartTime != nil {
		ev(EventResumed, "promote: pause ended")
	}
	for i := range st.Analyses {
		if a := &st.Analyses[i]; !a.Background && a.StepIndex == st.CurrentStepIndex {
			terminateRun(a)
		}
	}
	ev(EventPromoted, "promote: skip "+describeStep(steps[st.CurrentStepIndex]))
	st.PauseStartTime, st.PauseReason, st.Phase = nil, "", PhaseProgressing
	st.CurrentStepIndex++
	st.StepStartedAt = now
	if int(st.CurrentStepIndex) < len(steps) {
		ev(EventStepStarted, describeStep(steps[st.CurrentStepIndex]))
	}
	return st, evs, nil
}

func stepIsAnalysis(spec Spec, i int32) bool {
	return int(i) < len(spec.Canary.Steps) && spec.Canary.Steps[i].Analysis != nil
}
