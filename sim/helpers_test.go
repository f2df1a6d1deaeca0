package sim

import (
	"context"
	"testing"
	"time"

	"github.com/canarylab/canarylab/loadgen"
	"github.com/canarylab/canarylab/rollout"
	"github.com/canarylab/canarylab/scenarios"
)

func dur(d time.Duration) rollout.Duration { return rollout.Duration(d) }

func ptr[T any](v T) *T { return &v }

// baseScenario is 2 workers, 4 stable replicas with 10ms/50ms latency,
// behind kube-proxy, 200 req/s for 60s.
func baseScenario() *scenarios.Scenario {
	vb := scenarios.VersionBehavior{Latency: scenarios.Latency{P50: dur(10 * time.Millisecond), P99: dur(50 * time.Millisecond)}}
	return &scenarios.Scenario{
		Metadata: scenarios.Metadata{Name: "test"},
		Spec: scenarios.Spec{
			Cluster:  scenarios.Cluster{Workers: []scenarios.NodeGroup{{Count: 2}}},
			Workload: scenarios.Workload{Replicas: 4, Stable: vb, Canary: vb},
			Router:   scenarios.Router{Type: scenarios.RouterService},
			Load:     loadgen.Spec{Pacer: loadgen.PacerSpec{Rate: 200}, Duration: dur(60 * time.Second)},
		},
	}
}

// harness drives a Backend directly, as the runner would.
type harness struct {
	t     *testing.T
	b     *Backend
	start time.Time
}

func startSim(t *testing.T, sc *scenarios.Scenario, seed int64) *harness {
	t.Helper()
	b := New()
	start, err := b.Start(context.Background(), sc, seed)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	return &harness{t: t, b: b, start: start}
}

// at advances to start+d.
func (h *harness) at(d time.Duration) {
	h.t.Helper()
	if err := h.b.Advance(context.Background(), h.start.Add(d)); err != nil {
		h.t.Fatalf("Advance: %v", err)
	}
}

func (h *harness) apply(d rollout.Desired) {
	h.t.Helper()
	if err := h.b.Apply(context.Background(), d); err != nil {
		h.t.Fatalf("Apply: %v", err)
	}
}

func (h *harness) chaos(ev scenarios.ChaosEvent) {
	h.t.Helper()
	if err := h.b.Chaos(context.Background(), ev); err != nil {
		h.t.Fatalf("Chaos: %v", err)
	}
}

func (h *harness) finish() *scenarios.Trace {
	h.t.Helper()
	tr, err := h.b.Finish(context.Background())
	if err != nil {
		h.t.Fatalf("Finish: %v", err)
	}
	return tr
}

// count returns how many records match.
func count(recs []loadgen.Record, keep func(loadgen.Record) bool) int {
	n := 0
	for _, r := range recs {
		if keep(r) {
			n++
		}
	}
	return n
}

// eventsOf returns the events of one type.
func eventsOf(tr *scenarios.Trace, typ string) []scenarios.Event {
	var out []scenarios.Event
	for _, e := range tr.Events {
		if e.Type == typ {
			out = append(out, e)
		}
	}
	return out
}
