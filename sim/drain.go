package sim

import (
	"math"
	"time"

	"github.com/canarylab/canarylab/rollout"
	"github.com/canarylab/canarylab/scenarios"
)

// drain is one kubectl drain in progress.
type drain struct {
	node *node
	done bool
}

// startDrain runs kubectl drain on n: cordon, then evict every workload pod
// on it concurrently, retrying each refused (429) eviction every DrainRetry,
// until no workload pod is left (DrainDone) or the timeout (DrainTimeout).
func (b *Backend) startDrain(n *node, timeout time.Duration) {
	b.emit(scenarios.Event{Type: scenarios.EventDrainStarted, Object: n.name, Node: n.name})
	b.cordon(n)
	d := &drain{node: n}
	b.drains = append(b.drains, d)
	pods := b.podsOn(n)
	for _, p := range pods {
		b.evictLoop(d, p)
	}
	b.checkDrains()
	if timeout > 0 && !d.done {
		b.clk.after(timeout, func() {
			if !d.done {
				d.done = true
				b.emit(scenarios.Event{Type: scenarios.EventDrainTimeout, Object: n.name, Node: n.name, Value: timeout.Seconds()})
			}
		})
	}
}

// evictLoop posts an eviction for p, and again DrainRetry after each 429.
func (b *Backend) evictLoop(d *drain, p *pod) {
	if d.done || p.deleting || p.gone {
		return // an eviction of a pod being deleted succeeds: kubectl waits
	}
	if b.evictionAllowed(p) {
		b.emit(scenarios.Event{Type: scenarios.EventEvicted, Object: p.name, Version: p.version, Node: p.node.name})
		b.deletePod(p, "evicted")
		return
	}
	b.emit(scenarios.Event{Type: scenarios.EventEviction429, Object: p.name, Version: p.version, Node: p.node.name,
		Message: "Cannot evict pod as it would violate the pod's disruption budget."})
	b.clk.after(b.cal.DrainRetry, func() { b.evictLoop(d, p) })
}

// checkDrains completes every drain whose node has no workload pod left.
func (b *Backend) checkDrains() {
	for _, d := range b.drains {
		if !d.done && len(b.podsOn(d.node)) == 0 {
			d.done = true
			b.emit(scenarios.Event{Type: scenarios.EventDrainDone, Object: d.node.name, Node: d.node.name})
		}
	}
}

// evictionAllowed is the Eviction API's PDB check. The PDB selects both
// versions' pods; healthy pods are Ready and not being deleted; expected
// pods are both ReplicaSets' desired replicas. A healthy pod may go while
// disruptionsAllowed = healthy - desiredHealthy > 0; an unhealthy one when
// the budget is met (IfHealthyBudget) or always (AlwaysAllow).
func (b *Backend) evictionAllowed(p *pod) bool {
	if b.pdb == nil {
		return true
	}
	healthy := int32(0)
	for _, q := range b.pods {
		if q.healthy() {
			healthy++
		}
	}
	desired := DesiredHealthy(b.pdb, b.stable.desired+b.canary.desired)
	if !p.healthy() {
		return b.pdb.UnhealthyPodEvictionPolicy == "AlwaysAllow" || healthy >= desired
	}
	return healthy-desired > 0
}

// DesiredHealthy is a PodDisruptionBudget's desiredHealthy for expected
// pods: minAvailable, or expected - maxUnavailable; percentages of expected
// round up, as the disruption controller does.
func DesiredHealthy(pdb *scenarios.PDB, expected int32) int32 {
	scaled := func(v *rollout.IntOrPercent) int32 {
		if !v.IsPercent {
			return v.Value
		}
		return int32(math.Ceil(float64(v.Value) * float64(expected) / 100))
	}
	switch {
	case pdb.MinAvailable != nil:
		return scaled(pdb.MinAvailable)
	case pdb.MaxUnavailable != nil:
		return max(0, expected-scaled(pdb.MaxUnavailable))
	}
	return 0
}
