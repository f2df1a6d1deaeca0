package sim

import (
	"math"
	"testing"
	"time"

	"github.com/canarylab/canarylab/loadgen"
	"github.com/canarylab/canarylab/rollout"
)

// With a new connection per request, kube-proxy picks a ready endpoint
// uniformly per request: 3 stable + 1 canary must give a canary share of
// 1/4 within a binomial bound.
func TestKubeProxySplitPerConnection(t *testing.T) {
	sc := baseScenario()
	sc.Spec.Workload.Replicas = 3
	sc.Spec.Load.KeepAlive = ptr(false)
	h := startSim(t, sc, 7)
	h.apply(rollout.Desired{StableReplicas: 3, CanaryReplicas: 1, Weight: 25})
	h.at(60 * time.Second)
	tr := h.finish()

	from := h.start.Add(10 * time.Second) // canary ready and propagated well before
	var n, canary int
	for _, r := range tr.Records {
		if r.Start.Before(from) {
			continue
		}
		if !r.Served() {
			t.Fatalf("request %d failed: %+v", r.Seq, r)
		}
		n++
		if r.Version == rollout.VersionCanary {
			canary++
		}
		if r.Conn == 0 {
			t.Fatalf("request %d has no connection", r.Seq)
		}
	}
	if n != 10001 { // a hit every 5ms from 10s to 60s inclusive
		t.Fatalf("measured %d requests, want 10001", n)
	}
	share := float64(canary) / float64(n)
	sd := math.Sqrt(0.25 * 0.75 / float64(n))
	if math.Abs(share-0.25) > 4*sd {
		t.Errorf("canary share %.4f, want 0.25 ± %.4f (4 sd)", share, 4*sd)
	}
	conns := map[uint64]bool{}
	for _, r := range tr.Records {
		conns[r.Conn] = true
	}
	if len(conns) != len(tr.Records) {
		t.Errorf("%d connections for %d requests without keep-alive", len(conns), len(tr.Records))
	}
}

// With keep-alive and a pool capped at 2 connections, requests cluster on
// long-lived connections, each pinned to the pod kube-proxy chose at dial.
func TestKubeProxyKeepAliveClustersOnConnections(t *testing.T) {
	sc := baseScenario()
	sc.Spec.Load.Connections = 2
	h := startSim(t, sc, 3)
	h.at(60 * time.Second)
	tr := h.finish()

	podOf := map[uint64]string{}
	for _, r := range tr.Records {
		if !r.Served() {
			t.Fatalf("request %d failed: %+v", r.Seq, r)
		}
		if p, ok := podOf[r.Conn]; ok && p != r.Pod {
			t.Fatalf("connection %d served by %s and %s", r.Conn, p, r.Pod)
		}
		podOf[r.Conn] = r.Pod
	}
	if len(podOf) > 2 {
		t.Errorf("%d connections, want at most 2", len(podOf))
	}
	if per := len(tr.Records) / len(podOf); per < 5000 {
		t.Errorf("%d requests per connection, want >= 5000 of 12000", per)
	}
	pods := map[string]bool{}
	for _, p := range podOf {
		pods[p] = true
	}
	if len(pods) > 2 {
		t.Errorf("%d pods served, want at most 2 of 4 (one per connection)", len(pods))
	}
}

// The server's per-connection request limit forces re-dials, spreading the
// load over pods again.
func TestMaxRequestsPerConnection(t *testing.T) {
	sc := baseScenario()
	sc.Spec.Workload.MaxRequestsPerConnection = 100
	h := startSim(t, sc, 3)
	h.at(60 * time.Second)
	tr := h.finish()
	perConn := map[uint64]int{}
	pods := map[string]bool{}
	for _, r := range tr.Records {
		perConn[r.Conn]++
		pods[r.Pod] = true
	}
	for c, n := range perConn {
		if n > 100 {
			t.Fatalf("connection %d carried %d requests, limit 100", c, n)
		}
	}
	if len(perConn) < 12000/100 {
		t.Errorf("%d connections for 12000 requests, want >= 120", len(perConn))
	}
	if len(pods) != 4 {
		t.Errorf("%d pods served, want all 4", len(pods))
	}
	if got := count(tr.Records, func(r loadgen.Record) bool { return !r.Served() }); got != 0 {
		t.Errorf("%d failed requests, want 0", got)
	}
}
