package rollout

import (
	"errors"
	"testing"
	"time"
)

// Abort: the weight goes back to 0 at once and stable back to
// spec.replicas; with a router the canary keeps its pods until
// abortedAt + abortScaleDownDelaySeconds (default 30, 0 = never), without
// one it goes at once, within maxUnavailable (utils/defaults
// GetAbortScaleDownDelaySecondsOrDefault: the delay applies only with
// trafficRouting).
func TestAbort(t *testing.T) {
	steps := []Step{setWeight(10), pauseForever(), setWeight(30), pauseForever()}
	tests := []struct {
		name      string
		router    *TrafficRouting
		delay     *int32
		keepUntil time.Duration // canary pods kept until abort + this; -1 never
	}{
		{"nginx, default delay 30s", nginxRouting(), nil, 30 * time.Second},
		{"nginx, abortScaleDownDelaySeconds 5", nginxRouting(), i32(5), 5 * time.Second},
		{"nginx, abortScaleDownDelaySeconds 0 = never", nginxRouting(), i32(0), -1},
		{"no router: canary to 0 at once", nil, nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec := Spec{Replicas: 10, Canary: CanaryStrategy{TrafficRouting: tc.router, AbortScaleDownDelaySeconds: tc.delay, Steps: steps}}
			w := newWorld(spec)
			w.settle(t)
			w.command(t, CommandPromote)
			w.settle(t)
			canary := w.obs.Canary.Desired // 3 pods (7 stable without a router)
			abortAt := t0.Add(2 * time.Minute)
			w.now = abortAt
			w.command(t, CommandAbort)
			res, rq := w.reconcile(t)
			st := res.Status
			if !st.Aborted || st.Phase != PhaseDegraded || st.AbortReason != "manual abort" || !st.AbortedAt.Equal(abortAt) {
				t.Fatalf("status %+v", st)
			}
			if res.Desired.Weight != 0 || res.Desired.StableReplicas != 10 {
				t.Errorf("desired %+v, want weight 0 and 10 stable at once", res.Desired)
			}
			switch {
			case tc.keepUntil == 0:
				// 7 stable / 3 canary: stable gets its 3 pods back at once
				// (surge 3); the canary may only lose maxUnavailable (2) of
				// the 10 available pods now, its last one on the next pass
				// once the stable pods are ready.
				if res.Desired.CanaryReplicas != 1 || res.Desired.StableReplicas != 10 || rq != 0 {
					t.Errorf("canary %d stable %d requeue %v, want 1, 10 and 0", res.Desired.CanaryReplicas, res.Desired.StableReplicas, rq)
				}
				if res, rq = w.reconcile(t); res.Desired.CanaryReplicas != 0 || rq != 0 || !w.now.Equal(abortAt) {
					t.Errorf("second pass: canary %d requeue %v, want 0 and 0", res.Desired.CanaryReplicas, rq)
				}
			case tc.keepUntil < 0:
				w.now = abortAt.Add(24 * time.Hour)
				res, rq = w.reconcile(t)
				if res.Desired.CanaryReplicas != canary || rq != 0 {
					t.Errorf("a day later canary %d requeue %v, want %d kept and no requeue", res.Desired.CanaryReplicas, rq, canary)
				}
			default:
				if res.Desired.CanaryReplicas != canary || rq != tc.keepUntil {
					t.Errorf("at abort: canary %d requeue %v, want %d and %v", res.Desired.CanaryReplicas, rq, canary, tc.keepUntil)
				}
				w.now = abortAt.Add(tc.keepUntil - time.Millisecond)
				if res, rq = w.reconcile(t); res.Desired.CanaryReplicas != canary || rq != time.Millisecond {
					t.Errorf("1ms before: canary %d requeue %v, want %d and 1ms", res.Desired.CanaryReplicas, rq, canary)
				}
				w.now = abortAt.Add(tc.keepUntil)
				if res, rq = w.reconcile(t); res.Desired.CanaryReplicas != 0 || rq != 0 {
					t.Errorf("at abortedAt+delay: canary %d requeue %v, want 0 and 0", res.Desired.CanaryReplicas, rq)
				}
			}
		})
	}
}

// Abort ordering. Without dynamicStableScale the stable set is already
// full, so the first pass only sets the weight to 0. With it, Argo's
// checkReplicasAvailable holds the weight until the stable set has the pods
// for all the traffic: stable scales up first, then the weight drops.
func TestAbortActionOrder(t *testing.T) {
	tests := []struct {
		name    string
		dynamic bool
		want    string
	}{
		{"static stable: weight 0 at once", false, `
			0s Aborted 1
			0s SetWeight 0`},
		{"dynamicStableScale: stable up, then weight 0", true, `
			0s Aborted 1
			0s ScaleStable 10
			0s SetWeight 0`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec := Spec{Replicas: 10, Canary: CanaryStrategy{TrafficRouting: nginxRouting(), DynamicStableScale: tc.dynamic,
				Steps: []Step{setWeight(50), pauseForever()}}}
			w := newWorld(spec)
			w.settle(t)
			w.log = nil
			w.command(t, CommandAbort)
			w.settle(t)
			assertLog(t, w.log, tc.want)
		})
	}
}

// retry is only valid when aborted and restarts from step 0.
func TestRetry(t *testing.T) {
	spec := Spec{Replicas: 4, Canary: CanaryStrategy{TrafficRouting: nginxRouting(), Steps: []Step{setWeight(25), pauseForever(), setWeight(50)}}}
	w := newWorld(spec)
	w.settle(t)
	if _, _, err := ApplyCommand(w.now, spec, w.obs.Status, CommandRetry); !errors.Is(err, ErrNotAborted) {
		t.Fatalf("retry while paused: err %v, want ErrNotAborted", err)
	}
	w.command(t, CommandAbort)
	w.settle(t)
	w.now = t0.Add(time.Minute)
	w.settle(t) // canary scaled down after 30s
	if w.obs.Canary.Desired != 0 || w.obs.Weight != 0 {
		t.Fatalf("after abort: canary %d weight %d", w.obs.Canary.Desired, w.obs.Weight)
	}
	w.log = nil
	w.command(t, CommandRetry)
	res, _ := w.settle(t)
	if res.Status.Aborted || res.Status.CurrentStepIndex != 1 || res.Status.Phase != PhasePaused || w.obs.Weight != 25 || w.obs.Canary.Desired != 1 {
		t.Errorf("after retry: %+v weight %d canary %d", res.Status, w.obs.Weight, w.obs.Canary.Desired)
	}
	assertLog(t, w.log, `
		1m0s StepStarted 0
		1m0s ScaleCanary 1
		1m0s SetWeight 25
		1m0s StepStarted 1
		1m0s Paused 1
	`)
}

func TestApplyCommandErrors(t *testing.T) {
	spec := Spec{Replicas: 2, Canary: CanaryStrategy{Steps: []Step{setWeight(50)}}}
	done := t0
	tests := []struct {
		name string
		st   Status
		cmd  Command
		want error
	}{
		{"promote before start", Status{}, CommandPromote, ErrNotStarted},
		{"abort before start", Status{}, CommandAbort, ErrNotStarted},
		{"promote when completed", Status{Phase: PhaseHealthy, Completed: true, CompletedAt: &done, CurrentStepIndex: 1}, CommandPromote, ErrCompleted},
		{"promote-full when completed", Status{Phase: PhaseHealthy, Completed: true, CompletedAt: &done}, CommandPromoteFull, ErrCompleted},
		{"abort when completed", Status{Phase: PhaseHealthy, Completed: true, CompletedAt: &done}, CommandAbort, ErrCompleted},
		{"promote when aborted", Status{Phase: PhaseDegraded, Aborted: true, AbortedAt: &done}, CommandPromote, ErrAborted},
		{"abort twice", Status{Phase: PhaseDegraded, Aborted: true, AbortedAt: &done}, CommandAbort, ErrAborted},
		{"retry when progressing", Status{Phase: PhaseProgressing}, CommandRetry, ErrNotAborted},
		{"promote past the last step", Status{Phase: PhaseProgressing, CurrentStepIndex: 1}, CommandPromote, ErrNoStepLeft},
		{"promote during promote-full", Status{Phase: PhaseProgressing, PromoteFull: true}, CommandPromote, ErrNoStepLeft},
		{"unknown command", Status{Phase: PhaseProgressing}, Command("pause"), ErrUnknownCommand},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, evs, err := ApplyCommand(t0, spec, tc.st, tc.cmd)
			if !errors.Is(err, tc.want) || evs != nil {
				t.Errorf("err %v events %v, want %v and no events", err, evs, tc.want)
			}
		})
	}
}

// promote on a step that is not a pause skips it (kubectl argo rollouts
// promote: "skip the current step").
func TestPromoteSkipsStep(t *testing.T) {
	spec := Spec{Replicas: 10, Canary: CanaryStrategy{TrafficRouting: nginxRouting(), Steps: []Step{setWeight(10), setWeight(40), pauseForever()}}}
	st := Status{Phase: PhaseProgressing, CurrentStepIndex: 0, StepStartedAt: t0}
	now := t0.Add(time.Second)
	got, evs, err := ApplyCommand(now, spec, st, CommandPromote)
	if err != nil {
		t.Fatal(err)
	}
	if got.CurrentStepIndex != 1 || !got.StepStartedAt.Equal(now) || len(evs) != 2 || evs[0].Type != EventPromoted || evs[1].Type != EventStepStarted || evs[1].Step != 1 {
		t.Errorf("status %+v events %+v", got, evs)
	}
}
