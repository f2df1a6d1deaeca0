package stats

import "math"

// Cluster is the requests one client connection (or client) carried.
type Cluster struct {
	// Hits counts the canary requests.
	Hits int
	// Total counts all requests.
	Total int
}

// Clustered is a proportion estimated from requests grouped in clusters
// (connections), with its cluster-robust variance.
type Clustered struct {
	// N and K are the total requests and canary requests; Clusters counts
	// the clusters with at least one request.
	N, K, Clusters int
	// Share is the ratio estimator K/N.
	Share float64
	// Variance is the between-cluster (cluster-robust, linearised ratio)
	// variance of Share:
	//
	//	C/(C-1) · Σ_i (k_i - Share·n_i)² / N²
	//
	// over the C clusters.
	Variance float64
	// RawDesignEffect is Variance / (Share(1-Share)/N), the variance
	// inflation caused by clustering. It is 1 when Share is 0 or 1 (no
	// variance to inflate) and N when there is one cluster (the whole step is
	// a single draw).
	RawDesignEffect float64
	// DesignEffect is max(1, RawDesignEffect): a per-connection router
	// cannot make the split more precise than independent requests, so a
	// value below 1 is taken as sampling noise.
	DesignEffect float64
	// EffectiveN is N / DesignEffect, the number of independent requests
	// worth the same information.
	EffectiveN float64
}

// ClusteredProportion estimates the canary share from per-connection counts.
// Clusters with Total 0 are ignored.
func ClusteredProportion(cs []Cluster) Clustered {
	var r Clustered
	for _, c := range cs {
		if c.Total <= 0 {
			continue
		}
		r.N += c.Total
		r.K += c.Hits
		r.Clusters++
	}
	if r.N == 0 {
		return Clustered{DesignEffect: 1, RawDesignEffect: 1}
	}
	n := float64(r.N)
	r.Share = float64(r.K) / n
	ss := 0.0
	for _, c := range cs {
		if c.Total <= 0 {
			continue
		}
		d := float64(c.Hits) - r.Share*float64(c.Total)
		ss += d * d
	}
	binVar := r.Share * (1 - r.Share) / n
	switch {
	case r.Clusters == 1:
		r.Variance = r.Share * (1 - r.Share)
		r.RawDesignEffect = n
	case binVar == 0:
		r.RawDesignEffect = 1
	default:
		c := float64(r.Clusters)
		r.Variance = c / (c - 1) * ss / (n * n)
		r.RawDesignEffect = r.Variance / binVar
	}
	r.DesignEffect = math.Max(1, r.RawDesignEffect)
	r.EffectiveN = n / r.DesignEffect
	return r
}

// Test returns the two-sided p-value of the clustered share against p0: a
// z test whose standard error is the null binomial one inflated by the
// design effect,
//
//	z = (Share - p0) / sqrt(DesignEffect · p0(1-p0) / N).
//
// Using the null variance keeps the test defined when every request went to
// one version (Share 0 or 1). p0 of 0 or 1 is tested exactly: the p-value is
// 1 when no request contradicts it and 0 otherwise. N == 0 gives 1.
func (c Clustered) Test(p0 float64) float64 {
	switch {
	case c.N == 0:
		return 1
	case p0 <= 0:
		return boolP(c.K == 0)
	case p0 >= 1:
		return boolP(c.K == c.N)
	}
	se := math.Sqrt(c.DesignEffect * p0 * (1 - p0) / float64(c.N))
	return twoSidedNormalP((c.Share - p0) / se)
}

// Interval is the Wilson interval at the effective sample size: as wide as
// the clustering makes the estimate uncertain.
func (c Clustered) Interval(conf float64) (lo, hi float64) {
	return Wilson(c.Share, c.EffectiveN, conf)
}
