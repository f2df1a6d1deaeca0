package sim

import (
	"testing"
	"time"

	"github.com/canarylab/canarylab/rollout"
	"github.com/canarylab/canarylab/scenarios"
)

// With session affinity each client identity keeps one pod while its
// endpoint stays, even without keep-alive; clients are assigned round-robin.
func TestSessionAffinity(t *testing.T) {
	tests := []struct{ typ, affinity string }{
		{scenarios.RouterService, "ClientIP"},
		{scenarios.RouterNginx, "cookie"},
	}
	for _, tc := range tests {
		t.Run(tc.typ, func(t *testing.T) {
			sc := baseScenario()
			sc.Spec.Router = scenarios.Router{Type: tc.typ, SessionAffinity: tc.affinity}
			sc.Spec.Load.KeepAlive = ptr(false)
			sc.Spec.Load.Clients = 5
			sc.Spec.Load.Duration = dur(20 * time.Second)
			h := startSim(t, sc, 3)
			h.at(20 * time.Second)
			tr := h.finish()
			podOf := map[int]string{}
			perClient := map[int]int{}
			for _, r := range tr.Records {
				if want := int((r.Seq - 1) % 5); r.Client != want {
					t.Fatalf("request %d from client %d, want %d (round-robin)", r.Seq, r.Client, want)
				}
				perClient[r.Client]++
				if p, ok := podOf[r.Client]; ok && p != r.Pod {
					t.Fatalf("client %d moved from %s to %s", r.Client, p, r.Pod)
				}
				podOf[r.Client] = r.Pod
			}
			if len(perClient) != 5 {
				t.Errorf("%d clients seen, want 5", len(perClient))
			}
		})
	}
}

// Observe reports ready pods and last-applied values, and its Metrics
// measure the recorded requests: a canary failing 30% of requests.
func TestObserveMetrics(t *testing.T) {
	sc := baseScenario()
	sc.Spec.Router.Type = scenarios.RouterIstio
	sc.Spec.Workload.Canary.ErrorRate = 0.3
	h := startSim(t, sc, 10)
	h.apply(rollout.Desired{StableReplicas: 4, CanaryReplicas: 2, Weight: 50, CanaryRoute: true})
	h.at(30 * time.Second)
	obs, err := h.b.Observe(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if obs.Stable != (rollout.ReplicaSetStatus{Desired: 4, Ready: 4, Available: 4}) ||
		obs.Canary != (rollout.ReplicaSetStatus{Desired: 2, Ready: 2, Available: 2}) || obs.Weight != 50 {
		t.Fatalf("observed %+v %+v weight %d", obs.Stable, obs.Canary, obs.Weight)
	}
	from, to := h.start.Add(10*time.Second), h.start.Add(30*time.Second)
	er, ok := obs.Metrics.Measure(rollout.DataPlaneQuery{Query: rollout.QueryErrorRate}, from, to)
	if !ok {
		t.Fatal("no canary requests measured")
	}
	n := 0
	for _, r := range h.b.records {
		if r.Version == rollout.VersionCanary && !r.Start.Before(from) && r.Start.Before(to) {
			n++
		}
	}
	assertShare(t, int(er*float64(n)+0.5), n, 0.3)
	if sr, _ := obs.Metrics.Measure(rollout.DataPlaneQuery{Query: rollout.QuerySuccessRate, Version: "stable"}, from, to); sr != 1 {
		t.Errorf("stable success rate %v, want 1", sr)
	}
}

// With SessionRequests each client sends that many consecutive requests and
// leaves; under ClientIP affinity a session stays on one pod, and sessions
// spread over the pods.
func TestSessionRequests(t *testing.T) {
	sc := baseScenario()
	sc.Spec.Router = scenarios.Router{Type: scenarios.RouterService, SessionAffinity: "ClientIP"}
	sc.Spec.Load.SessionRequests = 10
	sc.Spec.Load.Duration = dur(10 * time.Second)
	h := startSim(t, sc, 4)
	h.at(10 * time.Second)
	tr := h.finish()
	podOf := map[int]string{}
	pods := map[string]bool{}
	for _, r := range tr.Records {
		if want := int((r.Seq - 1) / 10); r.Client != want {
			t.Fatalf("request %d from client %d, want %d", r.Seq, r.Client, want)
		}
		if p, ok := podOf[r.Client]; ok && p != r.Pod {
			t.Fatalf("session %d moved from %s to %s", r.Client, p, r.Pod)
		}
		podOf[r.Client] = r.Pod
		pods[r.Pod] = true
	}
	if len(podOf) != 200 || len(pods) != 4 {
		t.Errorf("%d sessions over %d pods, want 200 over 4", len(podOf), len(pods))
	}
}
