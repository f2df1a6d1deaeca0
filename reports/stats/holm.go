package stats

import "sort"

// Holm applies Holm's step-down correction to the p-values ps of a family of
// tests at family-wise level alpha and reports, in input order, which null
// hypotheses are rejected: sort the p-values ascending, reject while
// p_(i) <= alpha/(m-i+1) (i from 1), and stop at the first that is not.
// Holm controls the family-wise error rate at alpha, like Bonferroni, and
// rejects at least as much.
func Holm(ps []float64, alpha float64) []bool {
	m := len(ps)
	order := make([]int, m)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return ps[order[a]] < ps[order[b]] })
	reject := make([]bool, m)
	for rank, i := range order {
		if ps[i] > alpha/float64(m-rank) {
			break
		}
		reject[i] = true
	}
	return reject
}
