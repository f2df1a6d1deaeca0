package reports

import (
	"fmt"

	"github.com/canarylab/canarylab/reports/stats"
	"github.com/canarylab/canarylab/scenarios"
)

// MinClusters is the fewest connections (or clients) a clustered split test
// needs: with fewer, the between-cluster variance is not estimable and the
// step is reported as not tested, with the reason.
const MinClusters = 10

// buildSteps measures the split of every step span.
func buildSteps(tr *scenarios.Trace, c clock, alpha float64, minRequests int) []StepResult {
	out := make([]StepResult, 0, len(tr.Steps))
	for _, sp := range tr.Steps {
		out = append(out, measureSpan(tr, sp, c, alpha, minRequests))
	}
	// The steps of a run are one family of tests: a step fails when Holm's
	// correction rejects its test at family-wise level alpha.
	var idx []int
	var ps []float64
	for i, s := range out {
		if s.Tested {
			idx, ps = append(idx, i), append(ps, *s.PValue)
		}
	}
	for j, reject := range stats.Holm(ps, alpha) {
		out[idx[j]].Pass = !reject
	}
	return out
}

// measureSpan tests the canary share of the served requests that started in
// [SettledAt, To) against the expected share. Requests are clustered by
// connection (Record.Conn) when the span's router picks per connection, or
// by client (Record.Client) under session affinity, and then tested with
// the clustered test; otherwise the exact binomial test applies.
func measureSpan(tr *scenarios.Trace, sp scenarios.StepSpan, c clock, alpha float64, minRequests int) StepResult {
	byClient := sp.ClusterBy == ClusterByClient
	clustered := byClient || sp.ClusterBy == ClusterByConnection || sp.PerConnection
	n, k, clusters := countSpan(tr, sp, byClient)
	p0 := sp.ExpectedShare
	s := StepResult{
		Step: sp.Step, ConfiguredWeight: sp.Weight, ExpectedShare: round(p0),
		FromSeconds: c.secs(sp.From), SettledSeconds: c.secs(sp.SettledAt), ToSeconds: c.secs(sp.To),
		Requests: n, CanaryRequests: k, Connections: len(clusters), ClusterBy: sp.ClusterBy,
		Test: TestExactBinomial, CIMethod: CIClopperPearson, DesignEffect: 1, Pass: true,
	}
	if n > 0 {
		s.CanaryShare = round(float64(k) / float64(n))
	}
	if clustered && s.ClusterBy == "" {
		s.ClusterBy = ClusterByConnection
	}
	degenerate := p0 <= 0 || p0 >= 1
	var p, lo, hi float64
	if clustered && !degenerate {
		cl := stats.ClusteredProportion(clusters)
		s.Test, s.CIMethod, s.DesignEffect = TestClustered, CIWilsonEffective, round(cl.DesignEffect)
		if byClient {
			s.Test = TestClientClustered
		}
		p = cl.Test(p0)
		lo, hi = cl.Interval(0.95)
	} else {
		p = stats.BinomialTest(k, n, p0)
		lo, hi = stats.ClopperPearson(k, n, 0.95)
	}
	s.CI95 = [2]float64{round(lo), round(hi)}
	s.MinDetectableDeviation = round(stats.MinDetectableDeviation(n, p0, alpha, stats.DefaultPower, s.DesignEffect))
	// A share of 0 or 1 is tested exactly whatever the count: one contrary
	// request refutes it.
	switch {
	case clustered && !degenerate && len(clusters) < MinClusters && n >= minRequests:
		s.NotTested = fmt.Sprintf("only %d %ss carry the %d requests; the clustered test needs at least %d", len(clusters), s.ClusterBy, n, MinClusters)
	case n >= minRequests || (degenerate && n > 0):
		s.Tested = true
		s.PValue = roundPtr(p)
		s.Pass = p >= alpha
	}
	return s
}

// countSpan counts the span's served requests (n), the canary ones (k) and
// the per-cluster counts, clusters in first-seen order so the computation
// is deterministic. Requests with connection 0 (unknown) are a cluster each.
func countSpan(tr *scenarios.Trace, sp scenarios.StepSpan, byClient bool) (n, k int, clusters []stats.Cluster) {
	index := map[uint64]int{}
	for _, rec := range tr.Records {
		if rec.Start.Before(sp.SettledAt) || !rec.Start.Before(sp.To) || !rec.AnsweredByPod() {
			continue
		}
		hit := 0
		switch rec.Version {
		case "canary":
			hit = 1
		case "stable":
		default:
			continue
		}
		n++
		k += hit
		id := rec.Conn
		if byClient {
			id = uint64(rec.Client) + 1 // client 0 is a real client
		}
		i, ok := index[id]
		if !ok || id == 0 {
			i = len(clusters)
			index[id] = i
			clusters = append(clusters, stats.Cluster{})
		}
		clusters[i].Hits += hit
		clusters[i].Total++
	}
	return n, k, clusters
}
