package stats

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// relErr is R's binom.test tolerance: outcomes whose probability is within a
// factor 1+relErr of the observed one count as "as extreme".
const relErr = 1 + 1e-7

// BinomialTest returns the exact two-sided p-value of k successes in n
// trials under success probability p0, with R's binom.test convention: the
// sum of P(X=i) over every i with P(X=i) <= P(X=k)·(1+1e-7). It returns 1
// for n == 0. p0 of 0 or 1 is allowed: the p-value is then 1 when k is the
// only possible outcome and 0 otherwise.
func BinomialTest(k, n int, p0 float64) float64 {
	if n <= 0 {
		return 1
	}
	switch {
	case p0 <= 0:
		return boolP(k == 0)
	case p0 >= 1:
		return boolP(k == n)
	}
	b := distuv.Binomial{N: float64(n), P: p0}
	dk := b.Prob(float64(k)) * relErr
	sum := 0.0
	for i := 0; i <= n; i++ {
		if d := b.Prob(float64(i)); d <= dk {
			sum += d
		}
	}
	return math.Min(1, sum)
}

func boolP(ok bool) float64 {
	if ok {
		return 1
	}
	return 0
}

// ClopperPearson returns the exact (Clopper-Pearson) two-sided interval for
// a proportion of k successes in n trials at confidence conf (e.g. 0.95):
// lo = Beta(k, n-k+1) quantile at (1-conf)/2 (0 when k = 0) and hi =
// Beta(k+1, n-k) quantile at (1+conf)/2 (1 when k = n). n == 0 gives [0, 1].
func ClopperPearson(k, n int, conf float64) (lo, hi float64) {
	if n <= 0 {
		return 0, 1
	}
	a := (1 - conf) / 2
	lo, hi = 0, 1
	if k > 0 {
		lo = distuv.Beta{Alpha: float64(k), Beta: float64(n - k + 1)}.Quantile(a)
	}
	if k < n {
		hi = distuv.Beta{Alpha: float64(k + 1), Beta: float64(n - k)}.Quantile(1 - a)
	}
	return lo, hi
}

// Wilson returns the Wilson score interval (no continuity correction, as R's
// prop.test(correct = FALSE)) for k successes in n trials at confidence
// conf. n may be fractional (an effective sample size); k = p̂·n.
// With z the normal quantile at (1+conf)/2:
//
//	centre = (p̂ + z²/2n) / (1 + z²/n)
//	half   = z/(1 + z²/n) · sqrt(p̂(1-p̂)/n + z²/4n²)
//
// n <= 0 gives [0, 1].
func Wilson(phat, n, conf float64) (lo, hi float64) {
	if n <= 0 {
		return 0, 1
	}
	z := zQuantile((1 + conf) / 2)
	z2 := z * z
	den := 1 + z2/n
	centre := (phat + z2/(2*n)) / den
	half := z / den * math.Sqrt(phat*(1-phat)/n+z2/(4*n*n))
	return math.Max(0, centre-half), math.Min(1, centre+half)
}

// zQuantile is the standard normal quantile function.
func zQuantile(p float64) float64 { return distuv.UnitNormal.Quantile(p) }

// twoSidedNormalP is the two-sided p-value of a standard normal statistic z.
func twoSidedNormalP(z float64) float64 {
	return 2 * distuv.UnitNormal.Survival(math.Abs(z))
}
