package scenarios

import (
	"fmt"
	"regexp"
)

// nodeNameRE is a DNS label, as Kubernetes node names are.
var nodeNameRE = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)

// cluster checks the worker groups and returns the expanded node names.
func (v *validator) cluster(c Cluster) map[string]bool {
	names := map[string]bool{}
	if len(c.Workers) == 0 {
		v.errf("spec.cluster.workers", "at least one worker is required")
	}
	for i, g := range c.Workers {
		p := fmt.Sprintf("spec.cluster.workers[%d]", i)
		if g.Name != "" && !nodeNameRE.MatchString(g.Name) {
			v.errf(p+".name", "%q is not a valid node name (lower-case letters, digits and '-')", g.Name)
		}
		if g.Count < 0 {
			v.errf(p+".count", "must be ≥ 1")
		}
		if g.MaxPods < 0 {
			v.errf(p+".maxPods", "must be ≥ 1")
		}
		for _, n := range (Cluster{Workers: []NodeGroup{g}}).Nodes() {
			switch {
			case n.Name == ChaosNodeCanary || n.Name == ChaosNodeStable:
				v.errf(p+".name", "node name %q is reserved (chaos uses it for the node running that version)", n.Name)
			case names[n.Name]:
				v.errf(p+".name", "node name %q is used twice (groups with count > 1 become name-1..name-N)", n.Name)
			}
			names[n.Name] = true
		}
	}
	return names
}

// Chaos node names that stand for the node running a version's first pod.
const (
	ChaosNodeCanary = "canary"
	ChaosNodeStable = "stable"
)

func (v *validator) workload(w Workload) {
	if w.Replicas < 1 {
		v.errf("spec.workload.replicas", "must be ≥ 1")
	}
	if w.MaxRequestsPerConnection < 0 {
		v.errf("spec.workload.maxRequestsPerConnection", "must be ≥ 0 (0 means never)")
	}
	v.version("spec.workload.stable", w.Stable)
	v.version("spec.workload.canary", w.Canary)
}

func (v *validator) version(p string, b VersionBehavior) {
	if b.ErrorRate < 0 || b.ErrorRate > 1 {
		v.errf(p+".errorRate", "%g is not in [0, 1]", b.ErrorRate)
	}
	v.latency(p+".latency", b.Latency)
	if t := b.TerminationGracePeriodSeconds; t != nil && *t < 0 {
		v.errf(p+".terminationGracePeriodSeconds", "must be ≥ 0")
	}
	v.enum(p+".shutdown", b.Shutdown, true, ShutdownGraceful, ShutdownAbrupt)
}

// latency checks a p50/p99 pair: both or neither, p99 ≥ p50.
func (v *validator) latency(p string, l Latency) {
	switch {
	case (l.P50 == 0) != (l.P99 == 0):
		v.errf(p, "set both p50 and p99, or neither")
	case l.P99 < l.P50:
		v.errf(p+".p99", "%s is below p50 %s", l.P99, l.P50)
	}
}

func (v *validator) pdb(b *PDB) {
	if b == nil {
		return
	}
	const p = "spec.pdb"
	switch {
	case (b.MinAvailable == nil) == (b.MaxUnavailable == nil):
		v.errf(p, "set exactly one of minAvailable and maxUnavailable")
	case b.MinAvailable != nil && b.MinAvailable.IsPercent && b.MinAvailable.Value > 100:
		v.errf(p+".minAvailable", "%d%% is above 100%%", b.MinAvailable.Value)
	case b.MaxUnavailable != nil && b.MaxUnavailable.IsPercent && b.MaxUnavailable.Value > 100:
		v.errf(p+".maxUnavailable", "%d%% is above 100%%", b.MaxUnavailable.Value)
	}
	v.enum(p+".unhealthyPodEvictionPolicy", b.UnhealthyPodEvictionPolicy, true, "IfHealthyBudget", "AlwaysAllow")
}

func (v *validator) topology(t *Topology) {
	if t == nil {
		return
	}
	if s := t.Spread; s != nil {
		const p = "spec.topology.spread"
		if s.MaxSkew < 1 {
			v.errf(p+".maxSkew", "must be ≥ 1")
		}
		v.enum(p+".topologyKey", s.TopologyKey, false, "zone", "hostname")
		v.enum(p+".whenUnsatisfiable", s.WhenUnsatisfiable, true, "DoNotSchedule", "ScheduleAnyway")
	}
	v.enum("spec.topology.antiAffinity", t.AntiAffinity, true, "required", "preferred")
}
