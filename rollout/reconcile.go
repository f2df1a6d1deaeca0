package rollout

import (
	"time"
)

// Reconcile is one level-triggered pass of the rollout core. obs.Status is
// the persisted status (the zero value starts the rollout at step 0 with
// StepStartedAt = now). It returns the desired state, the actions that take
// the observed world there, the status to persist, the events of this pass,
// and how long until the next timed thing (pause expiry, next analysis
// measurement, a scale-down delay); 0 when nothing is timed. It is a pure
// function of its arguments: the same inputs give the same outputs.
//
// A pass moves through as many steps as the observed world allows: a
// setWeight or setCanaryScale step completes once the ReplicaSets are at
// their desired counts (canary: desired and available; stable: desired,
// unless dynamicStableScale) and, with a router, the router reports the
// step's weight; a pause ends at its expiry or on promote; an analysis step
// ends when its run succeeds.
func Reconcile(now time.Time, spec Spec, obs Observed) (Result, time.Duration) {
	r := &reconciler{now: now, spec: spec, obs: obs, st: obs.Status.Clone()}
	r.run()
	d := r.desired()
	r.st.CanaryScale = canaryScaleAt(spec, r.st)
	return Result{Desired: d, Actions: Actions(spec, d, obs), Status: r.st, Events: r.events}, r.requeue()
}

// reconciler carries one pass's inputs and the status it builds.
type reconciler struct {
	now    time.Time
	spec   Spec
	obs    Observed
	st     Status
	events []Event
}

func (r *reconciler) event(t EventType, msg string) {
	r.events = append(r.events, Event{At: r.now, Type: t, Step: r.st.CurrentStepIndex, Message: msg})
}

func (r *reconciler) run() {
	steps := r.spec.Canary.Steps
	if r.st.Phase == "" {
		r.st = Status{Phase: PhaseProgressing, StepStartedAt: r.now}
		if len(steps) > 0 {
			r.event(EventStepStarted, describeStep(steps[0]))
		}
	}
	// Each iteration either advances a step or returns, so this ends.
	for range len(steps) + 2 {
		if r.st.Aborted || r.st.Completed || !r.background() || !r.step() {
			break
		}
	}
	if !r.st.Aborted && !r.st.Completed {
		r.st.Phase = PhaseProgressing
		if r.st.PauseStartTime != nil {
			r.st.Phase = PhasePaused
		}
	}
}

// background runs background analysis; false when it aborted the rollout.
func (r *reconciler) background() bool {
	ba := r.spec.Canary.Analysis
	if ba == nil || len(ba.Metrics) == 0 || r.st.PromoteFull {
		return true
	}
	if ba.StartingStep != nil && r.st.CurrentStepIndex < *ba.StartingStep {
		return true
	}
	i := r.findRun(true, 0)
	if i < 0 {
		r.st.Analyses = append(r.st.Analyses, newRun(r.now, r.st.CurrentStepIndex, true, ba.Metrics))
		i = len(r.st.Analyses) - 1
	}
	run := &r.st.Analyses[i]
	r.events = append(r.events, measureRun(r.now, run, ba.Metrics, r.obs.Metrics, r.st.CurrentStepIndex)...)
	switch run.Phase {
	case AnalysisFailed:
		r.abort("analysis " + firstMetricWith(*run, AnalysisFailed) + " failed")
		return false
	case AnalysisInconclusive:
		if r.st.PauseStartTime == nil {
			r.pause(PauseReasonInconclusive)
		}
	}
	return true
}

// findRun is the index of the background run (background) or of the run
// of step, -1 if none.
func (r *reconciler) findRun(background bool, step int32) int {
	for i, a := range r.st.Analyses {
		if a.Background == background && (background || a.StepIndex == step) {
			return i
		}
	}
	return -1
}

// step works on the current step; true when it advanced.
func (r *reconciler) step() bool {
	steps := r.spec.Canary.Steps
	idx := r.st.CurrentStepIndex
	if r.st.PromoteFull || int(idx) >= len(steps) {
		r.tryComplete()
		return false
	}
	s := steps[idx]
	if r.st.PauseStartTime != nil {
		if r.st.PauseReason == PauseReasonStep && r.pauseExpired(s) {
			r.advance()
			return true
		}
		return false
	}
	switch {
	case s.Pause != nil:
		r.pause(PauseReasonStep)
		if r.pauseExpired(s) {
			r.advance()
			return true
		}
		return false
	case s.Analysis != nil:
		return r.stepAnalysis(s.Analysis)
	}
	// setWeight, setCanaryScale (and an empty step) wait for the world.
	if !r.settled() {
		return false
	}
	r.advance()
	return true
}

func (r *reconciler) pauseExpired(s Step) bool {
	if s.Pause == nil || s.Pause.Duration == nil || r.st.PauseStartTime == nil {
		return false
	}
	return !r.now.Before(r.st.PauseStartTime.Add(s.Pause.Duration.D()))
}

func (r *reconciler) stepAnalysis(a *Analysis) bool {
	idx := r.st.CurrentStepIndex
	i := r.findRun(false, idx)
	if i < 0 {
		r.st.Analyses = append(r.st.Analyses, newRun(r.now, idx, false, a.Metrics))
		i = len(r.st.Analyses) - 1
	}
	run := &r.st.Analyses[i]
	r.events = append(r.events, measureRun(r.now, run, a.Metrics, r.obs.Metrics, idx)...)
	switch run.Phase {
	case AnalysisSuccessful:
		r.advance()
		return true
	case AnalysisFailed:
		r.abort("analysis " + firstMetricWith(*run, AnalysisFailed) + " failed")
	case AnalysisInconclusive:
		r.pause(PauseReasonInconclusive)
	}
	return false
}

func (r *reconciler) pause(reason string) {
	t := r.now
	r.st.PauseStartTime, r.st.PauseReason, r.st.Phase = &t, reason, PhasePaused
	r.event(EventPaused, reason)
}

// advance moves to the next step.
func (r *reconciler) advance() {
	if r.st.PauseStartTime != nil {
		r.event(EventResumed, "pause ended")
	}
	r.st.PauseStartTime, r.st.PauseReason = nil, ""
	r.st.CurrentStepIndex++
	r.st.StepStartedAt = r.now
	if steps := r.spec.Canary.Steps; int(r.st.CurrentStepIndex) < len(steps) {
		r.event(EventStepStarted, describeStep(steps[r.st.CurrentStepIndex]))
	}
}

func (r *reconciler) abort(reason string) {
	abortStatus(&r.st, r.now, reason)
	r.event(EventAborted, reason)
}

// abortStatus marks st aborted at now and stops its analysis runs.
func abortStatus(st *Status, now time.Time, reason string) {
	t := now
	st.Aborted, st.AbortedAt, st.AbortReason, st.Phase = true, &t, reason, PhaseDegraded
	st.PauseStartTime, st.PauseReason = nil, ""
	for i := range st.Analyses {
		terminateRun(&st.Analyses[i])
	}
}

// tryComplete finishes the rollout once the canary runs every replica and,
// with a router, carries all the traffic.
func (r *reconciler) tryComplete() {
	c, R := r.obs.Canary, r.spec.Replicas
	if c.Desired != R || c.Available < R {
		return
	}
	if RouterOf(r.spec) != RouterNone && r.obs.Weight != maxWeight(r.spec) {
		return
	}
	t := r.now
	r.st.Completed, r.st.CompletedAt, r.st.Phase = true, &t, PhaseHealthy
	r.st.PauseStartTime, r.st.PauseReason = nil, ""
	r.st.CurrentStepIndex = int32(len(r.spec.Canary.Steps))
	for i := range r.st.Analyses {
		terminateRun(&r.st.Analyses[i])
	}
	r.event(EventCompleted, "canary is the new stable")
}

// requeue is the time until the next timed thing, 0 if none.
func (r *reconciler) requeue() time.Duration {
	var best time.Duration
	consider := func(at time.Time) {
		if d := at.Sub(r.now); d > 0 && (best == 0 || d < best) {
			best = d
		}
	}
	st, steps := r.st, r.spec.Canary.Steps
	switch {
	case st.Completed:
		if st.CompletedAt != nil && RouterOf(r.spec) != RouterNone {
			consider(st.CompletedAt.Add(scaleDownDelay(r.spec)))
		}
		return best
	case st.Aborted:
		if d, never := abortScaleDownDelay(r.spec); !never && st.AbortedAt != nil {
			consider(st.AbortedAt.Add(d))
		}
		return best
	}
	if int(st.CurrentStepIndex) < len(steps) && !st.PromoteFull {
		s := steps[st.CurrentStepIndex]
		if s.Pause != nil && s.Pause.Duration != nil && st.PauseStartTime != nil && st.PauseReason == PauseReasonStep {
			consider(st.PauseStartTime.Add(s.Pause.Duration.D()))
		}
		if i := r.findRun(false, st.CurrentStepIndex); s.Analysis != nil && i >= 0 {
			if t, ok := runNextDue(st.Analyses[i], s.Analysis.Metrics); ok {
				consider(t)
			}
		}
	}
	if ba := r.spec.Canary.Analysis; ba != nil && !st.PromoteFull {
		if i := r.findRun(true, 0); i >= 0 {
			if t, ok := runNextDue(st.Analyses[i], ba.Metrics); ok {
				consider(t)
			}
		}
	}
	return best
}
