package rollout

import (
	"testing"
	"time"
)

// A whole 10/30/60/100 nginx rollout on a world that makes pods ready at
// once, advancing the clock by requeueAfter and promoting the indefinite
// pause after 5 minutes. It checks Argo's documented order: canary pods
// first, then the weight (never ahead of ready pods); the route created
// before anything else; the old stable scaled down scaleDownDelaySeconds
// (30 s) after completion.
func TestWalkNginxRollout(t *testing.T) {
	spec := Spec{Replicas: 10, Canary: CanaryStrategy{
		TrafficRouting: nginxRouting(),
		Steps: []Step{setWeight(10), pauseForever(), setWeight(30), pauseFor(30 * time.Second),
			setWeight(60), pauseFor(30 * time.Second), setWeight(100)},
	}}
	w := newWorld(spec)
	promoted := false
	for range 100 {
		res, rq := w.settle(t)
		if res.Status.Completed && rq == 0 {
			break
		}
		if rq == 0 {
			if res.Status.Phase != PhasePaused || promoted {
				t.Fatalf("stuck at %s: %+v", w.now.Sub(t0), res.Status)
			}
			w.now = w.now.Add(5 * time.Minute)
			w.command(t, CommandPromote)
			promoted = true
			continue
		}
		w.now = w.now.Add(rq)
	}
	assertLog(t, w.log, `
		0s StepStarted 0
		0s CreateCanaryRoute
		0s ScaleCanary 1
		0s SetWeight 10
		0s StepStarted 1
		0s Paused 1
		5m0s Resumed 1
		5m0s Promoted 1
		5m0s StepStarted 2
		5m0s ScaleCanary 3
		5m0s SetWeight 30
		5m0s StepStarted 3
		5m0s Paused 3
		5m30s Resumed 3
		5m30s StepStarted 4
		5m30s ScaleCanary 6
		5m30s SetWeight 60
		5m30s StepStarted 5
		5m30s Paused 5
		6m0s Resumed 5
		6m0s StepStarted 6
		6m0s ScaleCanary 10
		6m0s SetWeight 100
		6m0s Completed 7
		6m30s ScaleStable 0
	`)
	st := w.obs.Status
	if !st.Completed || st.Phase != PhaseHealthy || !st.CompletedAt.Equal(t0.Add(6*time.Minute)) {
		t.Errorf("final status %+v", st)
	}
}

// Without a router the split is the replica ratio, so the stable set
// shrinks as the canary grows, within maxSurge (25% of 10 = 3, rounded up)
// and maxUnavailable (25% of 10 = 2, rounded down): at most 13 pods asked
// for and at least 8 available (Argo's CalculateReplicaCountsForBasicCanary).
// Hand-computed moves: 9/1 -> 7/4 -> 6/4 for 41 %, then 4/7 -> 1/9 -> 0/10.
func TestWalkReplicaRatioRollout(t *testing.T) {
	spec := Spec{Replicas: 10, Canary: CanaryStrategy{
		Steps: []Step{setWeight(10), pauseFor(time.Minute), setWeight(41), pauseFor(time.Minute)},
	}}
	w := newWorld(spec)
	for range 100 {
		res, rq := w.settle(t)
		if rq == 0 {
			if !res.Status.Completed {
				t.Fatalf("stuck at %s: %+v", w.now.Sub(t0), res.Status)
			}
			break
		}
		w.now = w.now.Add(rq)
	}
	assertLog(t, w.log, `
		0s StepStarted 0
		0s ScaleStable 9
		0s ScaleCanary 1
		0s StepStarted 1
		0s Paused 1
		1m0s Resumed 1
		1m0s StepStarted 2
		1m0s ScaleStable 7
		1m0s ScaleCanary 4
		1m0s ScaleStable 6
		1m0s StepStarted 3
		1m0s Paused 3
		2m0s Resumed 3
		2m0s ScaleStable 4
		2m0s ScaleCanary 7
		2m0s ScaleStable 1
		2m0s ScaleCanary 9
		2m0s ScaleStable 0
		2m0s ScaleCanary 10
		2m0s Completed 4
	`)
}
