package scenarios

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/canarylab/canarylab/internal/logging"
	"github.com/canarylab/canarylab/rollout"
)

// Runner defaults.
const (
	// DefaultResync is how often the runner reconciles when nothing timed
	// comes sooner (a controller's resync, kept short).
	DefaultResync = time.Second
	// DefaultSettle is how long after the data plane converged a step's
	// measured window starts.
	DefaultSettle = 5 * time.Second
)

// Run drives backend b through one trial of sc with the rollout core: it
// starts the world, reconciles the rollout on the backend's clock, fires the
// chaos schedule, and returns the trace with the runner's rollout events and
// step spans merged in. The caller closes b.
func Run(ctx context.Context, b Backend, sc *Scenario, seed int64) (*Trace, error) {
	r := &runner{b: b, sc: sc, spec: RolloutSpec(sc), stepStarts: map[int32]time.Time{}}
	r.settle = DefaultSettle
	if a := sc.Spec.Assertions.Split; a != nil && a.Settle != nil {
		r.settle = a.Settle.D()
	}
	for _, ev := range sc.Spec.Chaos {
		r.chaos = append(r.chaos, &pendingChaos{ev: ev})
	}
	return r.run(ctx, seed)
}

// RolloutSpec is the rollout core's view of a (loaded, resolved) scenario.
func RolloutSpec(sc *Scenario) rollout.Spec {
	s := rollout.Spec{Replicas: sc.Spec.Workload.Replicas}
	if sc.Spec.Rollout.Canary != nil {
		s.Canary = *sc.Spec.Rollout.Canary
	}
	return s
}

type pendingChaos struct {
	ev    ChaosEvent
	fired bool
}

type runner struct {
	b      Backend
	sc     *Scenario
	spec   rollout.Spec
	settle time.Duration

	status     rollout.Status
	events     []Event
	spans      []StepSpan
	stepStarts map[int32]time.Time
	chaos      []*pendingChaos
}

func (r *runner) run(ctx context.Context, seed int64) (*Trace, error) {
	log := logging.From(ctx).With("scenario", r.sc.Metadata.Name, "backend", r.b.Name(), "seed", seed)
	start, err := r.b.Start(ctx, r.sc, seed)
	if err != nil {
		return nil, fmt.Errorf("start scenario %q on %s: %w", r.sc.Metadata.Name, r.b.Name(), err)
	}
	end := start.Add(r.sc.Spec.Load.Duration.D())
	rolloutAt := start.Add(r.sc.Spec.Rollout.StartAfter.D())
	// The baseline: Start returned with the stable pods ready, so it is
	// settled from the first request.
	r.openSpan(start, -1, rollout.Desired{StableReplicas: r.spec.Replicas})
	r.spans[0].SettledAt = start
	log.Info("running", "start", start, "end", end)

	for {
		now := r.b.Now()
		if !now.Before(end) {
			break
		}
		if err := r.fireChaos(ctx, start, now); err != nil {
			return nil, err
		}
		requeue := time.Duration(0)
		if !now.Before(rolloutAt) {
			if requeue, err = r.reconcile(ctx, now); err != nil {
				return nil, err
			}
		}
		next := r.nextWake(now, start, requeue, rolloutAt, end)
		if err := r.b.Advance(ctx, next); err != nil {
			return nil, fmt.Errorf("advance %s to %s: %w", r.b.Name(), next.Sub(start), err)
		}
	}

	tr, err := r.b.Finish(ctx)
	if err != nil {
		return nil, fmt.Errorf("finish scenario %q on %s: %w", r.sc.Metadata.Name, r.b.Name(), err)
	}
	r.closeSpan(end)
	tr.Steps = r.spans
	tr.Final = r.status
	tr.Events = append(tr.Events, r.events...)
	slices.SortStableFunc(tr.Events, func(a, b Event) int { return a.At.Compare(b.At) })
	log.Info("finished", "requests", len(tr.Records), "phase", r.status.Phase)
	return tr, nil
}

// reconcile runs one level-triggered pass of the rollout core.
func (r *runner) reconcile(ctx context.Context, now time.Time) (time.Duration, error) {
	obs, err := r.b.Observe(ctx)
	if err != nil {
		return 0, fmt.Errorf("observe %s: %w", r.b.Name(), err)
	}
	obs.Status = r.status
	res, requeue := rollout.Reconcile(now, r.spec, obs)
	if len(res.Actions) > 0 {
		if err := r.b.Apply(ctx, res.Desired); err != nil {
			return 0, fmt.Errorf("apply %v on %s: %w", res.Actions, r.b.Name(), err)
		}
	}
	prevStep, started := r.status.CurrentStepIndex, !r.status.StepStartedAt.IsZero()
	r.status = res.Status
	if !started || r.status.CurrentStepIndex != prevStep {
		if _, seen := r.stepStarts[r.status.CurrentStepIndex]; !seen {
			r.stepStarts[r.status.CurrentStepIndex] = now
		}
	}
	for _, e := range res.Events {
		r.events = append(r.events, Event{At: e.At, Type: string(e.Type), Object: "rollout", Value: float64(e.Step), Message: e.Message})
	}
	r.trackSpan(now, obs, res.Desired)
	return requeue, nil
}

// fireChaos runs every scheduled action that is due at now.
func (r *runner) fireChaos(ctx context.Context, start, now time.Time) error {
	for _, p := range r.chaos {
		at, ok := r.chaosTime(p.ev, start)
		if p.fired || !ok || at.After(now) {
			continue
		}
		p.fired = true
		if cmd, isCmd := commandOf(p.ev.Action); isCmd {
			st, evs, err := rollout.ApplyCommand(now, r.spec, r.status, cmd)
			msg := string(cmd)
			if err != nil {
				msg = fmt.Sprintf("%s refused: %v", cmd, err)
			} else {
				r.status = st
			}
			r.events = append(r.events, Event{At: now, Type: EventCommand, Object: "rollout", Message: msg})
			for _, e := range evs {
				r.events = append(r.events, Event{At: e.At, Type: string(e.Type), Object: "rollout", Value: float64(e.Step), Message: e.Message})
			}
			continue
		}
		if err := r.b.Chaos(ctx, p.ev); err != nil {
			return fmt.Errorf("chaos %s %s at %s: %w", p.ev.Action, p.ev.Node, now.Sub(start), err)
		}
	}
	return nil
}

// chaosTime resolves when ev fires; ok is false while its step has not started.
func (r *runner) chaosTime(ev ChaosEvent, start time.Time) (time.Time, bool) {
	if ev.At != nil {
		return start.Add(ev.At.D()), true
	}
	if ev.AtStep != nil {
		if t, ok := r.stepStarts[*ev.AtStep]; ok {
			return t.Add(ev.After.D()), true
		}
	}
	return time.Time{}, false
}

// nextWake is the earliest of: the resync, the core's requeue, the next
// chaos action, the rollout start and the end.
func (r *runner) nextWake(now, start time.Time, requeue time.Duration, rolloutAt, end time.Time) time.Time {
	next := now.Add(DefaultResync)
	consider := func(t time.Time) {
		if t.After(now) && t.Before(next) {
			next = t
		}
	}
	if requeue > 0 {
		consider(now.Add(requeue))
	}
	for _, p := range r.chaos {
		if at, ok := r.chaosTime(p.ev, start); ok && !p.fired {
			consider(at)
		}
	}
	consider(rolloutAt)
	consider(end)
	return next
}

func commandOf(action string) (rollout.Command, bool) {
	switch action {
	case ChaosAbort:
		return rollout.CommandAbort, true
	case ChaosPromote:
		return rollout.CommandPromote, true
	case ChaosPromoteFull:
		return rollout.CommandPromoteFull, true
	case ChaosRetry:
		return rollout.CommandRetry, true
	}
	return "", false
}
