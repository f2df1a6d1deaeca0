package reports

import (
	"time"

	"github.com/canarylab/canarylab/loadgen"
	"github.com/canarylab/canarylab/rollout"
	"github.com/canarylab/canarylab/scenarios"
)

// t0 is the start of every hand-made trace.
var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// at is t0 plus s seconds.
func at(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }

func served(start float64, version string, conn uint64) loadgen.Record {
	return loadgen.Record{Start: at(start), Latency: 10 * time.Millisecond, Conn: conn,
		Version: version, Pod: version + "-pod", Node: "worker-9", Code: 200, Attempts: 1}
}

func failed(start, latency float64, kind loadgen.ErrorKind, pod, node string) loadgen.Record {
	return loadgen.Record{Start: at(start), Latency: time.Duration(latency * float64(time.Second)),
		Pod: pod, Node: node, Error: kind, Attempts: 1}
}

func ev(s float64, typ, object, node string) scenarios.Event {
	return scenarios.Event{At: at(s), Type: typ, Object: object, Node: node}
}

func ptr[T any](v T) *T { return &v }

// dur is s seconds as a *rollout.Duration.
func dur(s float64) *rollout.Duration {
	d := rollout.Duration(time.Duration(s * float64(time.Second)))
	return &d
}

// goldenScenario asserts things the golden trace partly violates.
func goldenScenario() *scenarios.Scenario {
	d := rollout.Duration(2 * time.Second)
	return &scenarios.Scenario{
		Metadata: scenarios.Metadata{Name: "golden"},
		Path:     "scenarios/examples/golden.yaml",
		Spec: scenarios.Spec{Assertions: scenarios.Assertions{
			Split:              &scenarios.SplitAssertion{Alpha: 0.05, MinRequests: 100},
			MaxConnRefused:     ptr(1),
			MaxRollbackLatency: &d,
			Drain:              &scenarios.DrainAssertion{Blocked: ptr(true), Completes: ptr(true)},
			Phase:              string(rollout.PhaseDegraded),
		}},
	}
}

// goldenTrace is a hand-made run (times in seconds since t0):
//
//   - step 1, weight 20, per request, window [2, 6): 200 served requests, every
//     5th on the canary: 40/200 = 0.2 exactly, p = 1.
//   - step 2, weight 50, per connection, window [8, 9): 10 connections of 20
//     requests, connections 1-4 all canary, 5-10 all stable: 80/200 = 0.4.
//   - pod stable-a deleted and SIGTERM at 10, endpoint removed at 11: refused
//     errors failing at 10.5 and 11.2 are its; a refused error from stable-b
//     (never terminated) at 5 and one naming no pod at 12 are unattributed.
//   - drain of worker-2 from 20: pod p1 429 at 20 and 25, evicted at 30; pod
//     p2 429 at 22, evicted at 27; done at 31. Blocked = |[20,30] ∪ [22,27]|
//     = 10 s; 5 attempts, 3 429s.
//   - drain of worker-3 from 40: p3 429 at 40 and 45; timeout at 50: blocked
//     10 s. In total 5 429s, 20 s blocked.
//   - worker-1 killed at 60: timeouts naming worker-1 fail at 60.5, 62 and
//     64.5 (window 4 s); its pods' endpoints removed at 61 and 63 (after 3
//     s); it restarts at 70, so a reset at 71 is unattributed.
//   - abort at 80: weight 0 set at 80.5, router at 0 at 81, canary requests
//     served starting at 81 and 82.25, canary scaled to 0 at 83: latency
//     2.25 s.
func goldenTrace() *scenarios.Trace {
	tr := &scenarios.Trace{Backend: "sim", DataPlane: "simulated kube-proxy", Start: t0, End: at(90)}
	tr.Steps = []scenarios.StepSpan{
		{Step: 1, Weight: 20, ExpectedShare: 0.2, From: at(1), SettledAt: at(2), To: at(6)},
		{Step: 2, Weight: 50, ExpectedShare: 0.5, PerConnection: true, ClusterBy: ClusterByConnection,
			From: at(7), SettledAt: at(8), To: at(9)},
	}
	for i := range 200 {
		v := "stable"
		if i%5 == 0 {
			v = "canary"
		}
		tr.Records = append(tr.Records, served(2+float64(i)*0.02, v, uint64(i%10+1)))
	}
	for c := range 10 {
		v := "stable"
		if c < 4 {
			v = "canary"
		}
		for j := range 20 {
			tr.Records = append(tr.Records, served(8+float64(c*20+j)*0.004, v, uint64(100+c)))
		}
	}
	tr.Records = append(tr.Records,
		failed(5, 0, loadgen.ErrRefused, "stable-b", "worker-9"),
		failed(10.4, 0.1, loadgen.ErrRefused, "stable-a", "worker-8"),
		failed(11.2, 0, loadgen.ErrRefused, "stable-a", "worker-8"),
		failed(12, 0, loadgen.ErrRefused, "", ""),
		failed(60, 0.5, loadgen.ErrTimeout, "stable-c", "worker-1"),
		failed(61, 1, loadgen.ErrTimeout, "stable-c", "worker-1"),
		failed(64, 0.5, loadgen.ErrTimeout, "stable-d", "worker-1"),
		failed(71, 0, loadgen.ErrReset, "stable-c", "worker-1"),
		served(81, "canary", 7), served(82.25, "canary", 7), served(82.5, "stable", 7),
	)
	tr.Events = []scenarios.Event{
		{At: at(10), Type: scenarios.EventPodDeleted, Object: "stable-a", Version: "stable", Node: "worker-8"},
		ev(10, scenarios.EventSIGTERM, "stable-a", "worker-8"),
		ev(11, scenarios.EventEndpointRemoved, "stable-a", "worker-8"),
		ev(20, scenarios.EventDrainStarted, "worker-2", "worker-2"),
		ev(20, scenarios.EventEviction429, "p1", "worker-2"),
		ev(22, scenarios.EventEviction429, "p2", "worker-2"),
		ev(25, scenarios.EventEviction429, "p1", "worker-2"),
		ev(27, scenarios.EventEvicted, "p2", "worker-2"),
		ev(30, scenarios.EventEvicted, "p1", "worker-2"),
		ev(31, scenarios.EventDrainDone, "worker-2", "worker-2"),
		ev(40, scenarios.EventDrainStarted, "worker-3", "worker-3"),
		ev(40, scenarios.EventEviction429, "p3", "worker-3"),
		ev(45, scenarios.EventEviction429, "p3", "worker-3"),
		ev(50, scenarios.EventDrainTimeout, "worker-3", "worker-3"),
		ev(60, scenarios.EventNodeKilled, "worker-1", "worker-1"),
		ev(61, scenarios.EventEndpointRemoved, "stable-c", "worker-1"),
		ev(63, scenarios.EventEndpointRemoved, "stable-d", "worker-1"),
		ev(70, scenarios.EventNodeStarted, "worker-1", "worker-1"),
		{At: at(80), Type: string(rollout.EventAborted), Object: "rollout"},
		{At: at(80.5), Type: scenarios.EventWeightSet, Object: "rollout", Value: 0},
		{At: at(81), Type: scenarios.EventRouterUpdated, Object: "rollout", Value: 0},
		{At: at(83), Type: scenarios.EventScaled, Object: "canary", Version: "canary", Value: 0},
	}
	abort := at(80)
	tr.Final = rollout.Status{Phase: rollout.PhaseDegraded, CurrentStepIndex: 2, Aborted: true,
		AbortedAt: &abort, AbortReason: "manual abort"}
	return tr
}
