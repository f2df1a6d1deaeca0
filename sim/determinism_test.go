package sim

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/canarylab/canarylab/rollout"
	"github.com/canarylab/canarylab/scenarios"
)

// busyRun exercises every part of the model: scaling, weights, a drain
// through a PDB, a pause and a kill.
func busyRun(t *testing.T, typ string, seed int64) []byte {
	t.Helper()
	sc := baseScenario()
	sc.Spec.Cluster.Workers = []scenarios.NodeGroup{{Count: 2, Zone: "a"}, {Name: "b", Count: 2, Zone: "b"}}
	sc.Spec.Router.Type = typ
	sc.Spec.Load.Clients = 3
	sc.Spec.Load.Pacer.Rate = 100
	sc.Spec.PDB = &scenarios.PDB{MaxUnavailable: &rollout.IntOrPercent{Value: 25, IsPercent: true}}
	sc.Spec.Topology = &scenarios.Topology{Spread: &scenarios.TopologySpread{MaxSkew: 1, TopologyKey: "zone"}}
	h := startSim(t, sc, seed)
	h.apply(rollout.Desired{StableReplicas: 4, CanaryReplicas: 1, Weight: 25, CanaryRoute: true})
	h.at(5 * time.Second)
	h.chaos(scenarios.ChaosEvent{Action: scenarios.ChaosDrain, Node: "worker-1"})
	h.at(15 * time.Second)
	h.chaos(scenarios.ChaosEvent{Action: scenarios.ChaosPause, Node: "canary", Duration: dur(5 * time.Second)})
	h.apply(rollout.Desired{StableReplicas: 2, CanaryReplicas: 3, Weight: 60, CanaryRoute: true})
	h.at(30 * time.Second)
	h.chaos(scenarios.ChaosEvent{Action: scenarios.ChaosKill, Node: "b-2"})
	h.at(60 * time.Second)
	out, err := json.Marshal(h.finish())
	if err != nil {
		t.Fatalf("marshal trace: %v", err)
	}
	return out
}

func TestSameSeedSameTrace(t *testing.T) {
	for _, typ := range []string{scenarios.RouterService, scenarios.RouterNginx, scenarios.RouterIstio} {
		t.Run(typ, func(t *testing.T) {
			a, b := busyRun(t, typ, 42), busyRun(t, typ, 42)
			if !bytes.Equal(a, b) {
				t.Fatalf("same seed gave different traces (%d vs %d bytes)", len(a), len(b))
			}
			if typ != scenarios.RouterService {
				return
			}
			if c := busyRun(t, typ, 43); bytes.Equal(a, c) {
				t.Errorf("seeds 42 and 43 gave identical traces")
			}
		})
	}
}

// A 3-minute scenario at 200 req/s must simulate in well under a second.
func TestSpeed(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	sc := baseScenario()
	sc.Spec.Load.KeepAlive = ptr(false)
	sc.Spec.Load.Duration = dur(3 * time.Minute)
	began := time.Now()
	h := startSim(t, sc, 1)
	for s := time.Second; s <= 3*time.Minute; s += time.Second {
		h.at(s) // the runner's 1s resync
	}
	tr := h.finish()
	took := time.Since(began)
	if len(tr.Records) != 36000 {
		t.Fatalf("%d records, want 36000", len(tr.Records))
	}
	// well under 1s alone; leave headroom for a shared 2-core machine
	if took > 3*time.Second {
		t.Errorf("3 min at 200 req/s took %v, want well under 1s", took)
	}
	t.Logf("3 min at 200 req/s: %v", took)
}
