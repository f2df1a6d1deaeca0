package sim

import (
	"errors"
	"testing"
	"time"

	"github.com/canarylab/canarylab/loadgen"
	"github.com/canarylab/canarylab/rollout"
	"github.com/canarylab/canarylab/scenarios"
)

// A drain against minAvailable = replicas is refused (429) for every pod,
// retried every 5s, and never completes; with maxUnavailable 1 it completes
// once the first replacement is ready.
func TestDrainThroughPDB(t *testing.T) {
	tests := []struct {
		name     string
		pdb      scenarios.PDB
		wantDone bool
	}{
		{"minAvailable = replicas", scenarios.PDB{MinAvailable: &rollout.IntOrPercent{Value: 4}}, false},
		{"maxUnavailable 1", scenarios.PDB{MaxUnavailable: &rollout.IntOrPercent{Value: 1}}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc := baseScenario()
			sc.Spec.PDB = &tc.pdb
			sc.Spec.Load.Duration = dur(40 * time.Second)
			h := startSim(t, sc, 2)
			h.at(time.Second)
			h.chaos(scenarios.ChaosEvent{Action: scenarios.ChaosDrain, Node: "worker-1"})
			h.at(40 * time.Second)
			tr := h.finish()

			done := eventsOf(tr, scenarios.EventDrainDone)
			if got := len(done) == 1; got != tc.wantDone {
				t.Fatalf("DrainDone events: %d, want done=%v", len(done), tc.wantDone)
			}
			byPod := map[string][]time.Time{}
			for _, e := range eventsOf(tr, scenarios.EventEviction429) {
				byPod[e.Object] = append(byPod[e.Object], e.At)
			}
			if len(byPod) == 0 {
				t.Fatalf("no Eviction429 events")
			}
			for p, ts := range byPod {
				for i := 1; i < len(ts); i++ {
					if d := ts[i].Sub(ts[i-1]); d != 5*time.Second {
						t.Errorf("pod %s: 429s %v apart, want 5s", p, d)
					}
				}
			}
			if !tc.wantDone {
				// 2 pods on worker-1, refused at 1s, 6s, ..., 36s (and 41s
				// while Finish drains the last requests at most).
				if len(byPod) != 2 {
					t.Errorf("429s for %d pods, want 2", len(byPod))
				}
				for p, ts := range byPod {
					if len(ts) < 8 {
						t.Errorf("pod %s: %d 429s, want >= 8 (every 5s from 1s to 36s)", p, len(ts))
					}
				}
				if n := len(eventsOf(tr, scenarios.EventEvicted)); n != 0 {
					t.Errorf("%d evictions, want 0", n)
				}
				return
			}
			if n := len(eventsOf(tr, scenarios.EventEvicted)); n != 2 {
				t.Errorf("%d evictions, want 2", n)
			}
			for _, e := range eventsOf(tr, scenarios.EventPodScheduled) {
				if e.At.After(h.start) && e.Node == "worker-1" {
					t.Errorf("pod %s scheduled on the cordoned node", e.Object)
				}
			}
		})
	}
}

// kubectl drain --timeout gives up: with minAvailable = replicas the 429s
// come at 1, 6, 11 and 16s, the timeout fires at 21s (scheduled before the
// fifth retry), and no retry follows.
func TestDrainTimeout(t *testing.T) {
	sc := baseScenario()
	sc.Spec.PDB = &scenarios.PDB{MinAvailable: &rollout.IntOrPercent{Value: 4}}
	sc.Spec.Load.Duration = dur(40 * time.Second)
	h := startSim(t, sc, 2)
	h.at(time.Second)
	h.chaos(scenarios.ChaosEvent{Action: scenarios.ChaosDrain, Node: "worker-1", Timeout: dur(20 * time.Second)})
	h.at(40 * time.Second)
	tr := h.finish()
	to := eventsOf(tr, scenarios.EventDrainTimeout)
	if len(to) != 1 || to[0].At.Sub(h.start) != 21*time.Second {
		t.Fatalf("DrainTimeout %v, want one at 21s", to)
	}
	if n := len(eventsOf(tr, scenarios.EventEviction429)); n != 8 {
		t.Errorf("%d Eviction429 events, want 8 (2 pods x 1,6,11,16s)", n)
	}
	if n := len(eventsOf(tr, scenarios.EventDrainDone)); n != 0 {
		t.Errorf("%d DrainDone events, want 0", n)
	}
}

// A killed node's requests hang until the client timeout until its endpoints
// leave the data plane, NodeMonitorGrace (50s) plus propagation later.
func TestKillNodeTimeoutsUntilEndpointsLeave(t *testing.T) {
	sc := baseScenario()
	sc.Spec.Load.KeepAlive = ptr(false)
	sc.Spec.Load.Pacer.Rate = 50
	sc.Spec.Load.Duration = dur(100 * time.Second)
	h := startSim(t, sc, 4)
	h.at(5 * time.Second)
	killedAt := h.b.Now()
	h.chaos(scenarios.ChaosEvent{Action: scenarios.ChaosKill, Node: "worker-1"})
	h.at(100 * time.Second)
	tr := h.finish()

	nr := eventsOf(tr, scenarios.EventNodeNotReady)
	if len(nr) != 1 || nr[0].At.Sub(killedAt) != 50*time.Second {
		t.Fatalf("NodeNotReady events %v, want one 50s after the kill", nr)
	}
	var lastRemoval time.Time
	for _, e := range eventsOf(tr, scenarios.EventEndpointRemoved) {
		if e.Node == "worker-1" && e.At.After(lastRemoval) {
			lastRemoval = e.At
		}
	}
	if lastRemoval.IsZero() || lastRemoval.Before(nr[0].At) {
		t.Fatalf("worker-1 endpoints removed at %v, want after NotReady %v", lastRemoval, nr[0].At)
	}
	var timeouts int
	for _, r := range tr.Records {
		if r.Error != loadgen.ErrTimeout {
			if !r.Served() {
				t.Errorf("request %d failed with %q, want only timeouts", r.Seq, r.Error)
			}
			continue
		}
		timeouts++
		if r.Node != "worker-1" || r.Start.Before(killedAt) || !r.Start.Before(lastRemoval) {
			t.Errorf("timeout of request %d on %s at %v outside [kill %v, removal %v)", r.Seq, r.Node, r.Start, killedAt, lastRemoval)
		}
		if r.Latency != 30*time.Second {
			t.Errorf("timeout after %v, want the 30s client timeout", r.Latency)
		}
	}
	// 50 req/s over >= 50s, half of them to worker-1's two pods of four.
	if timeouts < 1000 {
		t.Errorf("%d timeouts, want >= 1000 (~50/s x 50s / 2 = 1250)", timeouts)
	}
}

// A paused node's requests hang and finish late after the resume; the pause
// is shorter than the grace, so the node never goes NotReady.
func TestPauseRequestsCompleteLate(t *testing.T) {
	sc := baseScenario()
	sc.Spec.Load.Duration = dur(30 * time.Second)
	h := startSim(t, sc, 6)
	h.at(5 * time.Second)
	pausedAt := h.b.Now()
	h.chaos(scenarios.ChaosEvent{Action: scenarios.ChaosPause, Node: "stable", Duration: dur(10 * time.Second)})
	h.at(30 * time.Second)
	tr := h.finish()
	if n := len(eventsOf(tr, scenarios.EventNodeNotReady)); n != 0 {
		t.Errorf("%d NodeNotReady events, want 0 for a 10s pause", n)
	}
	resumed := eventsOf(tr, scenarios.EventNodeResumed)
	if len(resumed) != 1 || resumed[0].At.Sub(pausedAt) != 10*time.Second {
		t.Fatalf("NodeResumed %v, want one 10s after the pause", resumed)
	}
	late := count(tr.Records, func(r loadgen.Record) bool {
		return r.Served() && r.Start.Before(pausedAt.Add(time.Second)) && !r.Start.Add(r.Latency).Before(resumed[0].At)
	})
	if late == 0 {
		t.Errorf("no request straddled the pause, want some served late")
	}
}

// A restarted node comes back and its pods serve again. Its processes die
// at the stop (connects refused); a downtime past NodeStopKill (10s) also
// takes the node off the network (connects time out).
func TestRestartNodePodsReturn(t *testing.T) {
	tests := []struct {
		downtime     time.Duration
		wantTimeouts bool
	}{{5 * time.Second, false}, {20 * time.Second, true}}
	for _, tc := range tests {
		t.Run(tc.downtime.String(), func(t *testing.T) {
			sc := baseScenario()
			sc.Spec.Load.KeepAlive = ptr(false)
			sc.Spec.Load.Duration = dur(60 * time.Second)
			h := startSim(t, sc, 8)
			h.at(5 * time.Second)
			h.chaos(scenarios.ChaosEvent{Action: scenarios.ChaosRestart, Node: "worker-2", Duration: dur(tc.downtime)})
			h.at(60 * time.Second)
			tr := h.finish()
			started := eventsOf(tr, scenarios.EventNodeStarted)
			if len(started) != 1 || started[0].At.Sub(h.start) != 5*time.Second+tc.downtime {
				t.Fatalf("NodeStarted %v, want one at %v", started, 5*time.Second+tc.downtime)
			}
			served := map[string]bool{}
			for _, r := range tr.Records {
				if r.Served() && r.Node == "worker-2" && r.Start.After(started[0].At.Add(10*time.Second)) {
					served[r.Pod] = true
				}
			}
			if len(served) != 2 {
				t.Errorf("worker-2 pods serving after the restart: %v, want 2", served)
			}
			if n := count(tr.Records, func(r loadgen.Record) bool { return r.Error == loadgen.ErrRefused }); n == 0 {
				t.Errorf("no refused connections while worker-2's processes were down, want some")
			}
			timeouts := count(tr.Records, func(r loadgen.Record) bool { return r.Error == loadgen.ErrTimeout })
			if (timeouts > 0) != tc.wantTimeouts {
				t.Errorf("%d timeouts, want timeouts=%v", timeouts, tc.wantTimeouts)
			}
		})
	}
}

func TestChaosErrors(t *testing.T) {
	h := startSim(t, baseScenario(), 1)
	tests := []struct {
		ev   scenarios.ChaosEvent
		want error
	}{
		{scenarios.ChaosEvent{Action: scenarios.ChaosKill, Node: "worker-9"}, ErrUnknownNode},
		{scenarios.ChaosEvent{Action: scenarios.ChaosKill, Node: "canary"}, ErrUnknownNode},
		{scenarios.ChaosEvent{Action: scenarios.ChaosAbort}, ErrNotNodeAction},
	}
	for _, tc := range tests {
		if err := h.b.Chaos(t.Context(), tc.ev); !errors.Is(err, tc.want) {
			t.Errorf("Chaos(%+v) = %v, want %v", tc.ev, err, tc.want)
		}
	}
}

// A killed node's pods are deleted when the 300s toleration of the NotReady
// taint (added 50s after the kill) expires, and replaced on the other node.
func TestKillNodeTolerationReplacesPods(t *testing.T) {
	sc := baseScenario()
	sc.Spec.Load.Pacer.Rate = 5
	sc.Spec.Load.Duration = dur(400 * time.Second)
	h := startSim(t, sc, 4)
	h.at(5 * time.Second)
	h.chaos(scenarios.ChaosEvent{Action: scenarios.ChaosKill, Node: "worker-1"})
	h.at(400 * time.Second)
	obs, err := h.b.Observe(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if obs.Stable.Ready != 4 {
		t.Errorf("stable ready %d at 400s, want 4 after replacement", obs.Stable.Ready)
	}
	tr := h.finish()
	deleted := eventsOf(tr, scenarios.EventPodDeleted)
	if len(deleted) != 2 {
		t.Fatalf("%d PodDeleted events, want 2", len(deleted))
	}
	for _, e := range deleted {
		if e.At.Sub(h.start) != 355*time.Second || e.Node != "worker-1" {
			t.Errorf("%s deleted at %v on %s, want 355s on worker-1", e.Object, e.At.Sub(h.start), e.Node)
		}
	}
	for _, e := range eventsOf(tr, scenarios.EventPodScheduled) {
		if e.At.After(h.start) && e.Node != "worker-2" {
			t.Errorf("replacement %s scheduled on %s, want worker-2", e.Object, e.Node)
		}
	}
	if n := len(eventsOf(tr, scenarios.EventPodGone)); n != 0 {
		t.Errorf("%d PodGone events, want 0: a dead node's pods stay Terminating", n)
	}
}
