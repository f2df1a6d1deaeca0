package sim

import (
	"testing"
	"time"

	"github.com/canarylab/canarylab/loadgen"
	"github.com/canarylab/canarylab/rollout"
	"github.com/canarylab/canarylab/scenarios"
)

// routerRun: 2 stable + 2 canary pods, weight 50 from 5s behind an L7
// router; at 10s the canary scales to 1 without a preStop sleep, so the
// deleted canary pod refuses connections until the router drops it.
func routerRun(t *testing.T, typ string) *scenarios.Trace {
	t.Helper()
	sc := baseScenario()
	sc.Spec.Workload.Replicas = 2
	sc.Spec.Router.Type = typ
	sc.Spec.Load.Duration = dur(20 * time.Second)
	h := startSim(t, sc, 9)
	h.apply(rollout.Desired{StableReplicas: 2, CanaryReplicas: 2, CanaryRoute: true})
	h.at(5 * time.Second) // canary pods ready and in the data plane
	h.apply(rollout.Desired{StableReplicas: 2, CanaryReplicas: 2, Weight: 50, CanaryRoute: true})
	h.at(10 * time.Second)
	h.apply(rollout.Desired{StableReplicas: 2, CanaryReplicas: 1, Weight: 50, CanaryRoute: true})
	h.at(20 * time.Second)
	return h.finish()
}

func TestRouterRetriesStayInPool(t *testing.T) {
	tests := []struct {
		typ         string
		wantRetries bool
		wantCode    int // status of the failures, 0 for none
	}{
		{scenarios.RouterNginx, true, 0},
		{scenarios.RouterIstio, true, 0},
		{scenarios.RouterGatewayAPI, false, 502},
	}
	for _, tc := range tests {
		t.Run(tc.typ, func(t *testing.T) {
			tr := routerRun(t, tc.typ)
			retried := 0
			for _, r := range tr.Records {
				if r.Attempts > 1 {
					retried++
					// the failed try was the deleted canary pod: a retry in
					// the same pool ends on the other canary pod.
					if r.Version != rollout.VersionCanary || !r.Served() {
						t.Errorf("retried request %d ended on %s (%s) with %d %q, want served by the canary pool", r.Seq, r.Pod, r.Version, r.Code, r.Error)
					}
				}
				if r.Error == loadgen.ErrRefused {
					t.Errorf("request %d refused: an L7 proxy answers with a status", r.Seq)
				}
			}
			if tc.wantRetries != (retried > 0) {
				t.Errorf("%d retried requests, want retries=%v", retried, tc.wantRetries)
			}
			failed := count(tr.Records, func(r loadgen.Record) bool { return !r.Served() })
			if tc.wantCode == 0 && failed != 0 {
				t.Errorf("%d failed requests, want 0 (retries absorb the refusals)", failed)
			}
			if tc.wantCode != 0 {
				bad := count(tr.Records, func(r loadgen.Record) bool { return r.Code == tc.wantCode && r.Version == rollout.VersionCanary })
				if bad == 0 || bad != failed {
					t.Errorf("%d failures, %d of them %d from the canary pool; want all, and some", failed, bad, tc.wantCode)
				}
				// The router made those answers: they are marked, and the
				// split does not count them as the canary pod's.
				byRouter := count(tr.Records, func(r loadgen.Record) bool { return r.ByRouter && !r.AnsweredByPod() })
				if byRouter != failed {
					t.Errorf("%d router-made answers marked ByRouter, want all %d failures", byRouter, failed)
				}
			}
			// route created at 0s, weight 50 at 5s: each reaches the data
			// plane RouterSync (1s) after its WeightSet.
			set, upd := eventsOf(tr, scenarios.EventWeightSet), eventsOf(tr, scenarios.EventRouterUpdated)
			if len(set) != 2 || len(upd) != 2 {
				t.Fatalf("%d WeightSet, %d RouterUpdated events, want 2 each", len(set), len(upd))
			}
			for i := range set {
				if d := upd[i].At.Sub(set[i].At); d != time.Second || upd[i].Value != set[i].Value {
					t.Errorf("RouterUpdated %v after WeightSet (value %v vs %v), want 1s and equal", d, upd[i].Value, set[i].Value)
				}
			}
		})
	}
}

// Per-request weighted choice: at weight 20 of 100 the canary share is 0.2
// within a binomial bound, whatever the connection reuse.
func TestL7WeightedSplit(t *testing.T) {
	for _, typ := range []string{scenarios.RouterNginx, scenarios.RouterGatewayAPI, scenarios.RouterIstio} {
		t.Run(typ, func(t *testing.T) {
			sc := baseScenario()
			sc.Spec.Router.Type = typ
			h := startSim(t, sc, 12)
			h.apply(rollout.Desired{StableReplicas: 4, CanaryReplicas: 1, Weight: 20, CanaryRoute: true})
			h.at(60 * time.Second)
			tr := h.finish()
			from := h.start.Add(10 * time.Second)
			n, canary := 0, 0
			for _, r := range tr.Records {
				if r.Start.Before(from) {
					continue
				}
				n++
				if r.Version == rollout.VersionCanary {
					canary++
				}
			}
			assertShare(t, canary, n, 0.2)
		})
	}
}

// canary-by-header "always" sends everything to the canary regardless of
// the weight.
func TestNginxCanaryByHeader(t *testing.T) {
	sc := baseScenario()
	sc.Spec.Router.Type = scenarios.RouterNginx
	sc.Spec.Rollout.Canary = &rollout.CanaryStrategy{TrafficRouting: &rollout.TrafficRouting{Nginx: &rollout.NginxRouting{
		StableIngress:                "app",
		AdditionalIngressAnnotations: map[string]string{"canary-by-header": "X-Canary"},
	}}}
	sc.Spec.Load.Headers = map[string]string{"X-Canary": "always"}
	sc.Spec.Load.Duration = dur(20 * time.Second)
	h := startSim(t, sc, 1)
	h.apply(rollout.Desired{StableReplicas: 4, CanaryReplicas: 1, Weight: 0, CanaryRoute: true})
	h.at(20 * time.Second)
	tr := h.finish()
	after := h.start.Add(10 * time.Second)
	stable := count(tr.Records, func(r loadgen.Record) bool { return r.Start.After(after) && r.Version != rollout.VersionCanary })
	if stable != 0 {
		t.Errorf("%d requests after 10s not served by the canary, want 0", stable)
	}
}
