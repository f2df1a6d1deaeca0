package stats

import (
	"slices"
	"testing"
)

func TestHolm(t *testing.T) {
	tests := []struct {
		ps    []float64
		alpha float64
		want  []bool
	}{
		// Sorted 0.005 <= .05/4 = .0125 reject; 0.01 <= .05/3 = .01667
		// reject; 0.03 > .05/2 = .025 stop: 0.04 is not rejected either
		// although 0.04 <= .05/1.
		{[]float64{0.01, 0.04, 0.03, 0.005}, 0.05, []bool{true, false, false, true}},
		// One test: plain alpha.
		{[]float64{0.049}, 0.05, []bool{true}},
		{[]float64{0.051}, 0.05, []bool{false}},
		// Three at .05: .02 > .05/3 = .01667: nothing rejected.
		{[]float64{0.02, 0.02, 0.02}, 0.05, []bool{false, false, false}},
		// Ties at the boundary: .0125 <= .05/4, .0125 <= .05/3, then .5 stops.
		{[]float64{0.5, 0.0125, 0.0125, 0.9}, 0.05, []bool{false, true, true, false}},
		{nil, 0.05, []bool{}},
	}
	for _, tc := range tests {
		if got := Holm(tc.ps, tc.alpha); !slices.Equal(got, tc.want) {
			t.Errorf("Holm(%v, %g) = %v, want %v", tc.ps, tc.alpha, got, tc.want)
		}
	}
}
