package stats

import (
	"math"
	"sort"
)

// MannWhitney is the result of a Mann-Whitney U (Wilcoxon rank-sum) test of
// sample x against sample y.
type MannWhitney struct {
	// U is x's statistic: the number of (x, y) pairs with x > y, ties
	// counting one half (R's wilcox.test W).
	U float64
	// P is the two-sided p-value from the normal approximation with tie
	// and continuity corrections (R: wilcox.test(x, y, exact = FALSE)).
	P float64
	// CommonLanguage is U/(n_x·n_y): the probability that a random x
	// exceeds a random y (ties half), Kayenta-style effect size.
	CommonLanguage float64
	// RankBiserial is 2·CommonLanguage - 1, in [-1, 1].
	RankBiserial float64
}

// MannWhitneyU compares x with y. Either sample empty gives P = 1 and
// effect sizes 0.5 and 0.
func MannWhitneyU(x, y []float64) MannWhitney {
	n1, n2 := float64(len(x)), float64(len(y))
	if len(x) == 0 || len(y) == 0 {
		return MannWhitney{P: 1, CommonLanguage: 0.5}
	}
	type obs struct {
		v   float64
		inX bool
	}
	all := make([]obs, 0, len(x)+len(y))
	for _, v := range x {
		all = append(all, obs{v, true})
	}
	for _, v := range y {
		all = append(all, obs{v, false})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].v < all[j].v })
	rx, ties := 0.0, 0.0
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j].v == all[i].v {
			j++
		}
		mid := float64(i+j+1) / 2 // ranks i+1..j, 1-based
		t := float64(j - i)
		ties += t*t*t - t
		for k := i; k < j; k++ {
			if all[k].inX {
				rx += mid
			}
		}
		i = j
	}
	n := n1 + n2
	u := rx - n1*(n1+1)/2
	mu := n1 * n2 / 2
	sigma := math.Sqrt(n1 * n2 / 12 * ((n + 1) - ties/(n*(n-1))))
	p := 1.0
	if sigma > 0 {
		d := u - mu
		cc := 0.5
		if d < 0 {
			cc = -0.5
		} else if d == 0 {
			cc = 0
		}
		p = math.Min(1, twoSidedNormalP((d-cc)/sigma))
	}
	cl := u / (n1 * n2)
	return MannWhitney{U: u, P: p, CommonLanguage: cl, RankBiserial: 2*cl - 1}
}
