package scenarios

import (
	"reflect"
	"testing"
	"time"

	"github.com/canarylab/canarylab/loadgen"
	"github.com/canarylab/canarylab/rollout"
)

// TestLoadFull checks the values of testdata/valid/full.yaml, read off the
// file by hand, and the defaults Load fills in.
func TestLoadFull(t *testing.T) {
	s, err := Load("testdata/valid/full.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sp := s.Spec
	checks := []struct {
		name      string
		got, want any
	}{
		{"path", s.Path, "testdata/valid/full.yaml"},
		{"name", s.Metadata.Name, "full"},
		{"nodes", sp.Cluster.Nodes(), []NodeInfo{
			{"worker-1", "zone-a", 30}, {"worker-2", "zone-a", 30}, {"edge", "zone-b", DefaultMaxPods}}},
		{"replicas", sp.Workload.Replicas, int32(4)},
		{"maxRequestsPerConnection", sp.Workload.MaxRequestsPerConnection, 100},
		{"stable latency", sp.Workload.Stable.Latency, Latency{P50: dur(5 * time.Millisecond), P99: dur(25 * time.Millisecond)}},
		{"stable preStop", sp.Workload.Stable.PreStopSleep, dur(10 * time.Second)},
		{"stable grace", *sp.Workload.Stable.TerminationGracePeriodSeconds, int64(45)},
		{"canary grace (default)", *sp.Workload.Canary.TerminationGracePeriodSeconds, int64(30)},
		{"stable shutdown (default)", sp.Workload.Stable.Shutdown, ShutdownGraceful},
		{"canary shutdown", sp.Workload.Canary.Shutdown, ShutdownAbrupt},
		{"canary errorRate", sp.Workload.Canary.ErrorRate, 0.05},
		{"pdb", *sp.PDB.MinAvailable, rollout.IntOrPercent{Value: 75, IsPercent: true}},
		{"pdb policy", sp.PDB.UnhealthyPodEvictionPolicy, "AlwaysAllow"},
		{"spread", *sp.Topology.Spread, TopologySpread{MaxSkew: 1, TopologyKey: "zone", WhenUnsatisfiable: "ScheduleAnyway"}},
		{"router", sp.Router, Router{Type: RouterNginx, SessionAffinity: "cookie"}},
		{"startAfter", sp.Rollout.StartAfter, dur(5 * time.Second)},
		{"maxSurge", *sp.Rollout.Canary.MaxSurge, rollout.IntOrPercent{Value: 25, IsPercent: true}},
		{"maxUnavailable", *sp.Rollout.Canary.MaxUnavailable, rollout.IntOrPercent{Value: 0}},
		{"stableIngress", sp.Rollout.Canary.TrafficRouting.Nginx.StableIngress, "demo"},
		{"annotations", sp.Rollout.Canary.TrafficRouting.Nginx.AdditionalIngressAnnotations, map[string]string{"canary-by-header": "X-Canary"}},
		{"steps", len(sp.Rollout.Canary.Steps), 7},
		{"step 0", *sp.Rollout.Canary.Steps[0].SetCanaryScale, rollout.SetCanaryScale{Replicas: i32(2)}},
		{"step 1", *sp.Rollout.Canary.Steps[1].SetWeight, int32(10)},
		{"step 2", *sp.Rollout.Canary.Steps[2].Pause.Duration, dur(30 * time.Second)},
		{"step 5 (indefinite)", sp.Rollout.Canary.Steps[5].Pause.Duration, (*rollout.Duration)(nil)},
		{"step 6", *sp.Rollout.Canary.Steps[6].SetWeight, int32(100)},
		{"step 3 metrics (resolved)", sp.Rollout.Canary.Steps[3].Analysis.Metrics, []rollout.Metric{{
			Name: "success-rate", Interval: dur(10 * time.Second), Count: i32(3),
			SuccessCondition: "result >= 0.95", FailureLimit: i32(1),
			Provider: rollout.MetricProvider{DataPlane: &rollout.DataPlaneQuery{Query: rollout.QuerySuccessRate}}}}},
		{"background metrics (resolved)", sp.Rollout.Canary.Analysis.Metrics, []rollout.Metric{{
			Name: "p99", Interval: dur(10 * time.Second), FailureCondition: "result > 0.5",
			Provider: rollout.MetricProvider{DataPlane: &rollout.DataPlaneQuery{
				Query: rollout.QueryLatency, Quantile: 0.99, Version: rollout.VersionCanary, Window: dur(30 * time.Second)}}}}},
		{"background start", *sp.Rollout.Canary.Analysis.StartingStep, int32(1)},
		{"pacer", sp.Load.Pacer, loadgen.PacerSpec{Type: loadgen.PacerSine, Rate: 200, Amplitude: 50, Period: dur(time.Minute)}},
		{"load duration", sp.Load.Duration, dur(3 * time.Minute)},
		{"keepAlive", *sp.Load.KeepAlive, false},
		{"workers (default)", sp.Load.Workers, 10},
		{"timeout (default)", sp.Load.Timeout, dur(30 * time.Second)},
		{"headers", sp.Load.Headers, map[string]string{"X-Canary": "never"}},
		{"clients", sp.Load.Clients, 20},
		{"chaos", len(sp.Chaos), 3},
		{"chaos 0", sp.Chaos[0].At, ptr(dur(time.Minute))},
		{"chaos 1", [4]any{*sp.Chaos[1].AtStep, sp.Chaos[1].After, sp.Chaos[1].Node, sp.Chaos[1].Timeout},
			[4]any{int32(2), dur(5 * time.Second), ChaosNodeCanary, dur(2 * time.Minute)}},
		{"split", *sp.Assertions.Split, SplitAssertion{Alpha: 0.01, MinRequests: 200, Settle: ptr(dur(3 * time.Second))}},
		{"maxErrorRate", *sp.Assertions.MaxErrorRate, 0.1},
		{"drain", *sp.Assertions.Drain.MinEvictions429, 1},
		{"phase", sp.Assertions.Phase, "Healthy"},
		{"trials", sp.Trials, 3},
		{"seed", sp.Seed, int64(42)},
		{"sim", *sp.Sim.NodeMonitorGracePeriod, dur(40 * time.Second)},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
		}
	}
	// Resolution copies: changing the step's metric leaves the template alone.
	*sp.Rollout.Canary.Steps[3].Analysis.Metrics[0].Count = 99
	if got := *sp.Rollout.AnalysisTemplates[0].Metrics[0].Count; got != 3 {
		t.Errorf("template count changed to %d through a resolved metric", got)
	}
}

func ptr[T any](v T) *T { return &v }
