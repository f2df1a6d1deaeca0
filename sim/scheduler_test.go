package sim

import (
	"testing"
	"time"

	"github.com/canarylab/canarylab/rollout"
	"github.com/canarylab/canarylab/scenarios"
)

// placement returns each node's count of live pods.
func placement(b *Backend) map[string]int {
	out := map[string]int{}
	for _, p := range b.pods {
		if p.node != nil && !p.gone {
			out[p.node.name]++
		}
	}
	return out
}

func TestScheduler(t *testing.T) {
	tests := []struct {
		name     string
		workers  []scenarios.NodeGroup
		topology *scenarios.Topology
		replicas int32
		want     map[string]int
		pending  int
	}{
		{
			name:     "required anti-affinity leaves the third pod pending",
			workers:  []scenarios.NodeGroup{{Count: 2}},
			topology: &scenarios.Topology{AntiAffinity: "required"},
			replicas: 3, want: map[string]int{"worker-1": 1, "worker-2": 1}, pending: 1,
		},
		{
			name:     "preferred anti-affinity doubles up",
			workers:  []scenarios.NodeGroup{{Count: 2}},
			topology: &scenarios.Topology{AntiAffinity: "preferred"},
			replicas: 3, want: map[string]int{"worker-1": 2, "worker-2": 1},
		},
		{
			name:     "zone spread maxSkew 1 over 2+1 nodes",
			workers:  []scenarios.NodeGroup{{Name: "a", Zone: "a", Count: 2}, {Name: "b", Zone: "b"}},
			topology: &scenarios.Topology{Spread: &scenarios.TopologySpread{MaxSkew: 1, TopologyKey: "zone"}},
			replicas: 4, want: map[string]int{"a-1": 1, "a-2": 1, "b": 2},
		},
		{
			name:     "maxPods bounds a node",
			workers:  []scenarios.NodeGroup{{Name: "small", MaxPods: 1}, {Name: "big"}},
			replicas: 3, want: map[string]int{"small": 1, "big": 2},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc := baseScenario()
			sc.Spec.Cluster.Workers = tc.workers
			sc.Spec.Topology = tc.topology
			sc.Spec.Workload.Replicas = tc.replicas
			h := startSim(t, sc, 1)
			got := placement(h.b)
			for n, c := range tc.want {
				if got[n] != c {
					t.Errorf("placement %v, want %v", got, tc.want)
					break
				}
			}
			pending := 0
			for _, p := range h.b.pods {
				if p.node == nil && !p.gone {
					pending++
				}
			}
			if pending != tc.pending {
				t.Errorf("%d pending pods, want %d", pending, tc.pending)
			}
		})
	}
}

// A pending pod is retried when a node frees up: cordon both nodes, scale
// up (pending), uncordon one (scheduled there).
func TestPendingRetriedOnUncordon(t *testing.T) {
	sc := baseScenario()
	h := startSim(t, sc, 1)
	h.chaos(scenarios.ChaosEvent{Action: scenarios.ChaosCordon, Node: "worker-1"})
	h.chaos(scenarios.ChaosEvent{Action: scenarios.ChaosCordon, Node: "worker-2"})
	h.apply(rollout.Desired{StableReplicas: 4, CanaryReplicas: 1})
	h.at(time.Second)
	obs, err := h.b.Observe(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if obs.Canary.Desired != 1 || obs.Canary.Ready != 0 || obs.Stable.Ready != 4 {
		t.Fatalf("observed %+v %+v, want canary desired 1 ready 0, stable ready 4", obs.Canary, obs.Stable)
	}
	h.chaos(scenarios.ChaosEvent{Action: scenarios.ChaosUncordon, Node: "worker-2"})
	h.at(5 * time.Second)
	obs, _ = h.b.Observe(t.Context())
	if obs.Canary.Ready != 1 {
		t.Fatalf("canary ready %d after uncordon, want 1", obs.Canary.Ready)
	}
	tr := h.finish()
	un := eventsOf(tr, scenarios.EventUnschedulable)
	if len(un) != 1 || un[0].Object != "canary-1" {
		t.Errorf("PodUnschedulable events %v, want one for canary-1", un)
	}
	for _, e := range eventsOf(tr, scenarios.EventPodScheduled) {
		if e.Object == "canary-1" && e.Node != "worker-2" {
			t.Errorf("canary-1 scheduled on %s, want worker-2", e.Node)
		}
	}
}

func TestClockOrder(t *testing.T) {
	var c clock
	var got []int
	add := func(i int) func() { return func() { got = append(got, i) } }
	c.at(2, add(1))
	c.atFIFO(1, add(2))
	c.at(1, add(3)) // same time as 2, scheduled later
	c.atFIFO(3, add(4))
	c.atFIFO(2, add(5)) // out of FIFO order: goes to the heap
	c.runUntil(2, nil)
	want := []int{2, 3, 1, 5}
	if len(got) != len(want) {
		t.Fatalf("ran %v by t=2, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("ran %v, want %v", got, want)
		}
	}
	if c.now != 2 {
		t.Errorf("now = %v, want 2", c.now)
	}
	c.runUntil(10, nil)
	if got[len(got)-1] != 4 || c.now != 10 {
		t.Errorf("ran %v now %v, want 4 last and now 10", got, c.now)
	}
}
