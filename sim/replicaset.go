package sim

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/canarylab/canarylab/scenarios"
)

// scale sets a ReplicaSet's desired replicas and converges its pods.
func (b *Backend) scale(rs *replicaSet, n int32) {
	if rs.desired != n {
		rs.desired = n
		b.emit(scenarios.Event{Type: scenarios.EventScaled, Object: rs.version, Version: rs.version, Value: float64(n)})
	}
	b.reconcileRS(rs)
}

// reconcileRS creates or deletes pods until the active ones match desired,
// as the ReplicaSet controller does (terminating pods do not count).
func (b *Backend) reconcileRS(rs *replicaSet) {
	var active []*pod
	for _, p := range b.pods {
		if p.version == rs.version && p.active() {
			active = append(active, p)
		}
	}
	for i := int32(len(active)); i < rs.desired; i++ {
		rs.created++
		p := &pod{id: len(b.pods), name: fmt.Sprintf("%s-%d", rs.version, rs.created), version: rs.version, vb: rs.vb, created: b.clk.now}
		b.pods = append(b.pods, p)
	}
	if extra := len(active) - int(rs.desired); extra > 0 {
		slices.SortStableFunc(active, b.deletionOrder)
		for _, p := range active[:extra] {
			b.deletePod(p, "scale down")
		}
	}
	b.schedulePending()
}

// deletionOrder ranks scale-down victims as the ReplicaSet controller does
// (simplified ActivePodsWithRanks): unscheduled first, then not started,
// then not ready, then the most recently ready, then the newest.
func (b *Backend) deletionOrder(x, y *pod) int {
	rank := func(p *pod) int {
		switch {
		case p.node == nil:
			return 0
		case p.proc != procRunning:
			return 1
		case !p.ready:
			return 2
		}
		return 3
	}
	if c := cmp.Compare(rank(x), rank(y)); c != 0 {
		return c
	}
	if x.ready && y.ready {
		if c := cmp.Compare(y.readyAt, x.readyAt); c != 0 {
			return c
		}
	}
	return cmp.Compare(y.id, x.id)
}
