package rollout

import (
	"reflect"
	"testing"
	"time"
)

// The first reconcile initialises the status at step 0 and asks for the
// route and the first canary pod; with no available canary pod the router
// weight stays 0 (Argo: "never weight to canary" when the new RS has no
// available replicas).
func TestReconcileStart(t *testing.T) {
	spec := Spec{Replicas: 10, Canary: CanaryStrategy{TrafficRouting: nginxRouting(), Steps: []Step{setWeight(10), pauseForever()}}}
	obs := Observed{Stable: ReplicaSetStatus{Desired: 10, Ready: 10, Available: 10}}
	res, rq := Reconcile(t0, spec, obs)
	want := Result{
		Desired: Desired{StableReplicas: 10, CanaryReplicas: 1, Weight: 0, CanaryRoute: true},
		Actions: []Action{{Type: ActionCreateRoute}, {Type: ActionScaleCanary, Replicas: 1}},
		Status:  Status{Phase: PhaseProgressing, StepStartedAt: t0},
		Events:  []Event{{At: t0, Type: EventStepStarted, Step: 0, Message: "setWeight 10"}},
	}
	if !reflect.DeepEqual(res, want) || rq != 0 {
		t.Errorf("got %+v requeue %v\nwant %+v requeue 0", res, rq, want)
	}
}

// Steps progress only when the ReplicaSets reach their desired ready counts
// (Argo's AtDesiredReplicaCountsForCanary), and with a router the weight of
// the step is only set then: until then the router keeps the previous
// setWeight.
func TestReconcileWaitsForReadiness(t *testing.T) {
	nginx := Spec{Replicas: 10, Canary: CanaryStrategy{TrafficRouting: nginxRouting(),
		Steps: []Step{setWeight(10), pauseFor(time.Minute), setWeight(30), pauseForever()}}}
	basic := Spec{Replicas: 10, Canary: CanaryStrategy{Steps: []Step{setWeight(20), pauseForever()}}}
	at := func(step int32) Status {
		return Status{Phase: PhaseProgressing, CurrentStepIndex: step, StepStartedAt: t0}
	}
	rs := func(d, a int32) ReplicaSetStatus { return ReplicaSetStatus{Desired: d, Ready: a, Available: a} }
	tests := []struct {
		name       string
		spec       Spec
		obs        Observed
		wantStep   int32
		wantWeight int32
		wantCanary int32
	}{
		{"nginx: 2 of 3 canary pods ready: weight stays at the previous setWeight 10",
			nginx, Observed{Stable: rs(10, 10), Canary: rs(3, 2), Weight: 10, CanaryRoute: true, Status: at(2)}, 2, 10, 3},
		{"nginx: 3 of 3 ready: weight 30 asked, step waits for the router to report it",
			nginx, Observed{Stable: rs(10, 10), Canary: rs(3, 3), Weight: 10, CanaryRoute: true, Status: at(2)}, 2, 30, 3},
		{"nginx: ready and weight 30 applied: step done, pause begins",
			nginx, Observed{Stable: rs(10, 10), Canary: rs(3, 3), Weight: 30, CanaryRoute: true, Status: at(2)}, 3, 30, 3},
		{"nginx: stable has too few available pods for 70%: weight held (checkReplicasAvailable)",
			nginx, Observed{Stable: rs(10, 6), Canary: rs(3, 3), Weight: 10, CanaryRoute: true, Status: at(2)}, 2, 10, 3},
		{"basic: canary 1 of 2 ready: wait",
			basic, Observed{Stable: rs(8, 8), Canary: rs(2, 1), Status: at(0)}, 0, 20, 2},
		{"basic: stable still at 10: wait",
			basic, Observed{Stable: rs(10, 10), Canary: rs(2, 2), Status: at(0)}, 0, 20, 2},
		{"basic: 8 stable / 2 canary: step done",
			basic, Observed{Stable: rs(8, 8), Canary: rs(2, 2), Status: at(0)}, 1, 20, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, _ := Reconcile(t0, tc.spec, tc.obs)
			if res.Status.CurrentStepIndex != tc.wantStep || res.Desired.Weight != tc.wantWeight || res.Desired.CanaryReplicas != tc.wantCanary {
				t.Errorf("step %d weight %d canary %d, want %d/%d/%d", res.Status.CurrentStepIndex,
					res.Desired.Weight, res.Desired.CanaryReplicas, tc.wantStep, tc.wantWeight, tc.wantCanary)
			}
		})
	}
}

// pause {duration}: requeueAfter is exactly the time left; the step ends at
// the expiry (docs/features/canary.md).
func TestReconcilePauseDuration(t *testing.T) {
	spec := Spec{Replicas: 4, Canary: CanaryStrategy{Steps: []Step{setWeight(25), pauseFor(90 * time.Second), setWeight(50)}}}
	w := newWorld(spec)
	res, rq := w.settle(t)
	if res.Status.Phase != PhasePaused || res.Status.CurrentStepIndex != 1 || rq != 90*time.Second {
		t.Fatalf("at 0s: phase %s step %d requeue %v, want Paused 1 90s", res.Status.Phase, res.Status.CurrentStepIndex, rq)
	}
	w.now = t0.Add(20*time.Second + 500*time.Millisecond)
	if res, rq = w.settle(t); rq != 69*time.Second+500*time.Millisecond || res.Status.CurrentStepIndex != 1 {
		t.Errorf("at 20.5s: requeue %v step %d, want 69.5s step 1", rq, res.Status.CurrentStepIndex)
	}
	w.now = t0.Add(90*time.Second - time.Nanosecond)
	if res, _ = w.settle(t); res.Status.CurrentStepIndex != 1 {
		t.Errorf("1ns before expiry: step %d, want 1", res.Status.CurrentStepIndex)
	}
	w.now = t0.Add(90 * time.Second)
	res, _ = w.reconcile(t)
	if res.Status.CurrentStepIndex != 2 || res.Status.Phase != PhaseProgressing || res.Status.PauseStartTime != nil {
		t.Errorf("at expiry: %+v, want step 2 Progressing, no pause", res.Status)
	}
}

// pause {} holds until promote; promote-full skips the remaining steps and
// analysis (kubectl argo rollouts promote [--full]).
func TestReconcilePromote(t *testing.T) {
	spec := Spec{Replicas: 10, Canary: CanaryStrategy{TrafficRouting: nginxRouting(),
		Steps: []Step{setWeight(20), pauseForever(), setWeight(50), pauseForever(), setWeight(80)}}}
	w := newWorld(spec)
	if res, rq := w.settle(t); res.Status.Phase != PhasePaused || res.Status.CurrentStepIndex != 1 || rq != 0 {
		t.Fatalf("want Paused at step 1 with no requeue, got %+v requeue %v", res.Status, rq)
	}
	w.now = t0.Add(time.Hour)
	if res, _ := w.settle(t); res.Status.CurrentStepIndex != 1 {
		t.Fatalf("an hour later still paused at 1, got %d", res.Status.CurrentStepIndex)
	}
	w.command(t, CommandPromote)
	res, _ := w.settle(t)
	if res.Status.CurrentStepIndex != 3 || res.Status.Phase != PhasePaused || w.obs.Weight != 50 || w.obs.Canary.Desired != 5 {
		t.Fatalf("after promote: step %d phase %s weight %d canary %d, want 3 Paused 50 5",
			res.Status.CurrentStepIndex, res.Status.Phase, w.obs.Weight, w.obs.Canary.Desired)
	}
	w.log = nil
	w.command(t, CommandPromoteFull)
	res, rq := w.settle(t)
	if !res.Status.Completed || w.obs.Weight != 100 || w.obs.Canary.Desired != 10 || rq != 30*time.Second {
		t.Errorf("after promote-full: %+v weight %d canary %d requeue %v", res.Status, w.obs.Weight, w.obs.Canary.Desired, rq)
	}
	// Canary pods first, then all the weight; step 4 (setWeight 80) skipped.
	assertLog(t, w.log, `
		1h0m0s Promoted 3
		1h0m0s ScaleCanary 10
		1h0m0s SetWeight 100
		1h0m0s Completed 5
	`)
}

// promote-full with dynamicStableScale raises the weight with the canary's
// available pods (Argo: maxWeight * available / replicas).
func TestReconcilePromoteFullDynamic(t *testing.T) {
	spec := Spec{Replicas: 10, Canary: CanaryStrategy{TrafficRouting: nginxRouting(), DynamicStableScale: true,
		Steps: []Step{setWeight(20), pauseForever()}}}
	st := Status{Phase: PhaseProgressing, CurrentStepIndex: 1, PromoteFull: true, StepStartedAt: t0}
	obs := Observed{Stable: ReplicaSetStatus{Desired: 8, Ready: 8, Available: 8}, Canary: ReplicaSetStatus{Desired: 10, Ready: 4, Available: 4},
		Weight: 20, CanaryRoute: true, Status: st}
	res, _ := Reconcile(t0, spec, obs)
	if res.Desired.Weight != 40 || res.Desired.StableReplicas != 8 {
		t.Errorf("weight %d stable %d, want 40 (4 of 10 available) and 8 (ceil of the 80%% the router still sends)", res.Desired.Weight, res.Desired.StableReplicas)
	}
}

// dynamicStableScale: the stable set shrinks only after the router has
// moved its traffic away (Argo: the higher of desired and actual stable
// weight). As in Argo's AtDesiredReplicaCountsForCanary the step does not
// wait for the stable set, so the pause starts before stable shrinks.
func TestReconcileDynamicStableScale(t *testing.T) {
	spec := Spec{Replicas: 10, Canary: CanaryStrategy{TrafficRouting: nginxRouting(), DynamicStableScale: true,
		Steps: []Step{setWeight(30), pauseForever()}}}
	w := newWorld(spec)
	res, _ := w.settle(t)
	if res.Status.CurrentStepIndex != 1 || w.obs.Stable.Desired != 7 || w.obs.Canary.Desired != 3 || w.obs.Weight != 30 {
		t.Fatalf("step %d stable %d canary %d weight %d, want 1 7 3 30", res.Status.CurrentStepIndex, w.obs.Stable.Desired, w.obs.Canary.Desired, w.obs.Weight)
	}
	assertLog(t, w.log, `
		0s StepStarted 0
		0s CreateCanaryRoute
		0s ScaleCanary 3
		0s SetWeight 30
		0s StepStarted 1
		0s Paused 1
		0s ScaleStable 7
	`)
}

// setCanaryScale decouples canary pods from the weight (docs/features/
// canary.md "Dynamic Canary Scale"): replicas, weight (of spec.replicas),
// then matchTrafficWeight goes back to ceil(weight * replicas / 100).
func TestReconcileSetCanaryScale(t *testing.T) {
	steps := []Step{
		{SetCanaryScale: &SetCanaryScale{Replicas: i32(3)}}, pauseForever(),
		setWeight(10), pauseForever(),
		{SetCanaryScale: &SetCanaryScale{Weight: i32(50)}}, pauseForever(),
		{SetCanaryScale: &SetCanaryScale{MatchTrafficWeight: true}}, pauseForever(),
	}
	spec := Spec{Replicas: 10, Canary: CanaryStrategy{TrafficRouting: nginxRouting(), Steps: steps}}
	want := []struct{ step, canary, weight int32 }{
		{1, 3, 0},  // 3 canary pods, no traffic yet
		{3, 3, 10}, // weight 10 on the 3 pods
		{5, 5, 10}, // 50% of 10 replicas, weight still 10
		{7, 1, 10}, // back to ceil(10% of 10)
	}
	w := newWorld(spec)
	for i, wt := range want {
		if i > 0 {
			w.command(t, CommandPromote)
		}
		res, _ := w.settle(t)
		if res.Status.CurrentStepIndex != wt.step || w.obs.Canary.Desired != wt.canary || w.obs.Weight != wt.weight || w.obs.Stable.Desired != 10 {
			t.Errorf("stop %d: step %d canary %d weight %d stable %d, want %d %d %d 10", i,
				res.Status.CurrentStepIndex, w.obs.Canary.Desired, w.obs.Weight, w.obs.Stable.Desired, wt.step, wt.canary, wt.weight)
		}
	}
}

// Same inputs, same output, and the input status is never modified.
func TestReconcileIdempotent(t *testing.T) {
	spec := Spec{Replicas: 10, Canary: CanaryStrategy{TrafficRouting: nginxRouting(),
		Steps: []Step{setWeight(10), {Analysis: &Analysis{Metrics: []Metric{{Name: "ok", Interval: Duration(10 * time.Second), Count: i32(3),
			SuccessCondition: "result > 0.9", Provider: MetricProvider{DataPlane: &DataPlaneQuery{Query: QuerySuccessRate}}}}}},
			pauseFor(time.Minute), setWeight(50)}}}
	w := newWorld(spec)
	w.obs.Metrics = constMetric(0.95)
	for i := range 12 {
		before := w.obs
		before.Status = w.obs.Status.Clone()
		r1, q1 := Reconcile(w.now, spec, w.obs)
		r2, q2 := Reconcile(w.now, spec, w.obs)
		if !reflect.DeepEqual(r1, r2) || q1 != q2 {
			t.Fatalf("pass %d: two reconciles differ:\n%+v\n%+v", i, r1, r2)
		}
		if !reflect.DeepEqual(before.Status, w.obs.Status) {
			t.Fatalf("pass %d: Reconcile modified its input status", i)
		}
		if _, rq := w.reconcile(t); rq > 0 && len(r1.Actions) == 0 {
			w.now = w.now.Add(rq)
		}
	}
	if w.obs.Status.CurrentStepIndex < 2 {
		t.Errorf("the walk did not reach the pause (step %d)", w.obs.Status.CurrentStepIndex)
	}
}
