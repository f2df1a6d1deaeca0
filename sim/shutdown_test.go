package sim

import (
	"testing"
	"time"

	"github.com/canarylab/canarylab/loadgen"
	"github.com/canarylab/canarylab/rollout"
	"github.com/canarylab/canarylab/scenarios"
)

// Scaling 4 -> 2 without a preStop sleep closes the listeners at deletion,
// while kube-proxy still sends new connections there until the endpoint
// removal propagates: connections are refused. A preStop sleep above the
// propagation p99 (2.5s) keeps the listeners open until the data plane has
// moved on: nothing is refused.
func TestScaleDownRefusedVsPreStop(t *testing.T) {
	tests := []struct {
		name        string
		preStop     time.Duration
		wantRefused bool
	}{
		{"no preStop", 0, true},
		{"preStop 5s above p99", 5 * time.Second, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc := baseScenario()
			sc.Spec.Load.KeepAlive = ptr(false)
			sc.Spec.Load.Duration = dur(30 * time.Second)
			sc.Spec.Workload.Stable.PreStopSleep = dur(tc.preStop)
			h := startSim(t, sc, 11)
			h.at(5 * time.Second)
			h.apply(rollout.Desired{StableReplicas: 2})
			h.at(30 * time.Second)
			tr := h.finish()

			refused := count(tr.Records, func(r loadgen.Record) bool { return r.Error == loadgen.ErrRefused })
			if tc.wantRefused && refused == 0 {
				t.Errorf("no refused connections, want some")
			}
			if !tc.wantRefused && refused != 0 {
				t.Errorf("%d refused connections, want 0", refused)
			}
			// Every refusal hit a deleted pod between its SIGTERM and
			// the data plane dropping its endpoint.
			sigterm, removed := map[string]time.Time{}, map[string]time.Time{}
			for _, e := range eventsOf(tr, scenarios.EventSIGTERM) {
				sigterm[e.Object] = e.At
			}
			for _, e := range eventsOf(tr, scenarios.EventEndpointRemoved) {
				removed[e.Object] = e.At
			}
			if len(sigterm) != 2 || len(removed) != 2 {
				t.Fatalf("SIGTERM for %d pods, EndpointRemoved for %d, want 2 each", len(sigterm), len(removed))
			}
			for _, r := range tr.Records {
				if r.Error != loadgen.ErrRefused {
					continue
				}
				st, ok := sigterm[r.Pod]
				if !ok || r.Start.Before(st) || !r.Start.Before(removed[r.Pod]) {
					t.Errorf("refused request %d to %s at %v outside [SIGTERM %v, removal %v)", r.Seq, r.Pod, r.Start, st, removed[r.Pod])
				}
			}
			t.Logf("refused: %d of %d", refused, len(tr.Records))
		})
	}
}

// An abrupt server resets the requests it is serving. On a reused
// keep-alive connection Go's transport retries them once on a new
// connection, so nothing fails; without keep-alive every connection is fresh,
// so they fail with a reset. One pod goes, so a retry cannot land on another
// dying pod.
func TestAbruptExitResetsAndClientRetries(t *testing.T) {
	tests := []struct {
		name      string
		keepAlive bool
	}{{"keep-alive", true}, {"no keep-alive", false}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc := baseScenario()
			sc.Spec.Load.KeepAlive = ptr(tc.keepAlive)
			sc.Spec.Workload.Stable.Shutdown = scenarios.ShutdownAbrupt
			sc.Spec.Workload.Stable.Latency = scenarios.Latency{P50: dur(400 * time.Millisecond), P99: dur(time.Second)}
			sc.Spec.Load.Duration = dur(20 * time.Second)
			h := startSim(t, sc, 5)
			h.at(5 * time.Second)
			h.apply(rollout.Desired{StableReplicas: 3})
			h.at(20 * time.Second)
			tr := h.finish()
			retried := count(tr.Records, func(r loadgen.Record) bool { return r.ClientRetries == 1 })
			resets := count(tr.Records, func(r loadgen.Record) bool { return r.Error == loadgen.ErrReset })
			if tc.keepAlive && (retried == 0 || resets != 0) {
				t.Errorf("keep-alive: %d silent retries, %d resets; want some retries and no reset", retried, resets)
			}
			if !tc.keepAlive && (retried != 0 || resets == 0) {
				t.Errorf("no keep-alive: %d silent retries, %d resets; want no retry and some resets", retried, resets)
			}
		})
	}
}
