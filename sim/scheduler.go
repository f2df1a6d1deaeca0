package sim

import (
	"cmp"

	"github.com/canarylab/canarylab/scenarios"
)

// schedulePending binds every pending pod it can, oldest first, and reports
// the others unschedulable (once each). It runs whenever nodes or pods change.
func (b *Backend) schedulePending() {
	for _, p := range b.pods {
		if p.node != nil || p.deleting || p.gone {
			continue
		}
		n := b.pickNode(p)
		if n == nil {
			if !p.unschedReported {
				p.unschedReported = true
				b.emit(scenarios.Event{Type: scenarios.EventUnschedulable, Object: p.name, Version: p.version})
			}
			continue
		}
		b.bind(p, n)
	}
}

// nodeLoad is what the scheduler counts on one node.
type nodeLoad struct {
	pods   int // pods bound and not gone (maxPods, anti-affinity)
	spread int // pods not being deleted (topology spread)
}

func (b *Backend) loadOf(n *node) nodeLoad {
	var l nodeLoad
	for _, p := range b.pods {
		if p.node != n || p.gone {
			continue
		}
		l.pods++
		if !p.deleting {
			l.spread++
		}
	}
	return l
}

// pickNode filters and scores nodes: schedulable (not cordoned, Ready),
// maxPods, required anti-affinity and DoNotSchedule spread filter; preferred
// anti-affinity, ScheduleAnyway spread, fewest pods, then node order decide.
// Only workload pods are simulated; anti-affinity and spread count both
// versions' pods (they share the app label).
func (b *Backend) pickNode(p *pod) *node {
	loads := make([]nodeLoad, len(b.nodes))
	for i, n := range b.nodes {
		loads[i] = b.loadOf(n)
	}
	spread, byZone := b.spreadConstraint()
	domain := func(n *node) string {
		if byZone {
			return n.zone
		}
		return n.name
	}
	counts := map[string]int{}
	var domains []string
	for i, n := range b.nodes {
		d := domain(n)
		if _, ok := counts[d]; !ok {
			domains = append(domains, d)
		}
		counts[d] += loads[i].spread
	}
	minCount := -1
	for _, d := range domains {
		if minCount < 0 || counts[d] < minCount {
			minCount = counts[d]
		}
	}
	anti := ""
	if b.topology != nil {
		anti = b.topology.AntiAffinity
	}
	var best *node
	var bestScore [4]int
	for i, n := range b.nodes {
		l := loads[i]
		if n.cordoned || !n.apiReady || l.pods >= n.maxPods {
			continue
		}
		if anti == "required" && l.pods > 0 {
			continue
		}
		skew := 0
		if spread != nil {
			skew = counts[domain(n)] + 1 - minCount
			if skew > int(spread.MaxSkew) && spread.WhenUnsatisfiable != "ScheduleAnyway" {
				continue
			}
		}
		score := [4]int{0, 0, l.pods, n.idx}
		if anti == "preferred" && l.pods > 0 {
			score[0] = 1
		}
		if spread != nil {
			score[1] = counts[domain(n)]
		}
		if best == nil || cmpScore(score, bestScore) < 0 {
			best, bestScore = n, score
		}
	}
	return best
}

func cmpScore(a, b [4]int) int {
	for i := range a {
		if c := cmp.Compare(a[i], b[i]); c != 0 {
			return c
		}
	}
	return 0
}

// spreadConstraint returns the topology spread constraint and whether its
// key is the zone (else the hostname).
func (b *Backend) spreadConstraint() (*scenarios.TopologySpread, bool) {
	if b.topology == nil || b.topology.Spread == nil {
		return nil, false
	}
	s := b.topology.Spread
	return s, s.TopologyKey == "zone" || s.TopologyKey == "topology.kubernetes.io/zone"
}
