package stats

import "math"

// DefaultPower is the power used for minimum detectable deviations.
const DefaultPower = 0.8

// MinDetectableDeviation returns the smallest absolute deviation of the true
// share from p0 that a two-sided test at level alpha detects with the given
// power, from n requests whose variance is inflated by deff (1 for
// independent requests). Normal approximation with the null variance:
//
//	(z_{1-alpha/2} + z_{power}) · sqrt(deff · p0(1-p0) / n)
//
// For p0 of 0 or 1 (tested exactly: one contrary request rejects) it is the
// smallest share d with P(at least one contrary request) >= power, that is
// 1 - (1-power)^(deff/n). n <= 0 gives 1 (nothing is detectable).
func MinDetectableDeviation(n int, p0, alpha, power, deff float64) float64 {
	if n <= 0 {
		return 1
	}
	deff = math.Max(1, deff)
	if p0 <= 0 || p0 >= 1 {
		return 1 - math.Pow(1-power, deff/float64(n))
	}
	z := zQuantile(1-alpha/2) + zQuantile(power)
	return math.Min(1, z*math.Sqrt(deff*p0*(1-p0)/float64(n)))
}
