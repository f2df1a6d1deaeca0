package stats

import "testing"

func TestMeanT(t *testing.T) {
	// xs = 0.18, 0.22, 0.20, 0.21: mean 0.2025, s = 0.0170783 (sum of
	// squares 0.000875/3), t_{0.975,3} = 3.182446, half = 3.182446·s/2 =
	// 0.0271753: [0.1753247, 0.2296753]; median (0.20+0.21)/2 = 0.205.
	e := MeanT([]float64{0.18, 0.22, 0.20, 0.21}, 0.95)
	near(t, "mean", e.Mean, 0.2025, 1e-12)
	near(t, "lo", e.Lo, 0.1753247, 1e-6)
	near(t, "hi", e.Hi, 0.2296753, 1e-6)
	near(t, "median", e.Median, 0.205, 1e-12)
	if one := MeanT([]float64{3}, 0.95); one.Lo != 3 || one.Hi != 3 || one.N != 1 {
		t.Errorf("MeanT of one value = %+v, want a collapsed interval at 3", one)
	}
	if MeanT(nil, 0.95).N != 0 {
		t.Error("MeanT(nil) should have N 0")
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		xs   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{5}, 5},
		{[]float64{3, 1, 2}, 2},
		{[]float64{4, 1, 3, 2}, 2.5},
	}
	for _, tt := range tests {
		if got := Median(tt.xs); got != tt.want {
			t.Errorf("Median(%v) = %g, want %g", tt.xs, got, tt.want)
		}
	}
}

func TestBootstrapMean(t *testing.T) {
	xs := []float64{1, 2, 3, 4, 10}
	a := BootstrapMean(xs, 0.95, 2000, 7)
	b := BootstrapMean(xs, 0.95, 2000, 7)
	if a != b {
		t.Fatalf("same seed gave %+v and %+v", a, b)
	}
	// Resampled means lie between min and max of xs; the interval must
	// contain the sample mean 4 and be strictly inside [1, 10].
	if !(a.Lo > 1 && a.Lo < 4 && a.Hi > 4 && a.Hi < 10) {
		t.Errorf("interval [%g, %g] does not bracket the mean 4 inside (1, 10)", a.Lo, a.Hi)
	}
	// A constant sample has a zero-width interval.
	c := BootstrapMean([]float64{2, 2, 2}, 0.95, 100, 1)
	if c.Lo != 2 || c.Hi != 2 {
		t.Errorf("constant sample interval = [%g, %g], want [2, 2]", c.Lo, c.Hi)
	}
}

func TestMannWhitneyU(t *testing.T) {
	tests := []struct {
		name   string
		x, y   []float64
		u, p   float64
		common float64
	}{
		// Fully separated 5 vs 5: U = 0; mu = 12.5, sigma = sqrt(25·11/12) =
		// 4.7871355, z = (0 - 12.5 + 0.5)/sigma = -2.5067013, p = 0.0121858
		// (R: wilcox.test(1:5, 6:10, exact = FALSE) p = 0.01219).
		{"separated", []float64{1, 2, 3, 4, 5}, []float64{6, 7, 8, 9, 10}, 0, 0.0121858, 0},
		// Pairs x > y (ties 1/2): x=1: 0; x=2: 0.5; x=2: 0.5; x=3: 1.5;
		// x=5: 4 -> U = 6.5, common-language 6.5/30 = 0.2166667. Tie groups
		// {2,2,2}, {3,3}, {4,4}: Σ(t³-t) = 24+6+6 = 36; sigma =
		// sqrt(30/12·(12 - 36/110)) = 5.4019; z = (6.5-15+0.5)/5.4019 =
		// -1.48096, p = 0.1386259.
		{"ties", []float64{1, 2, 2, 3, 5}, []float64{2, 3, 4, 4, 6, 7}, 6.5, 0.1386259, 0.2166667},
		{"empty", nil, []float64{1}, 0, 1, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := MannWhitneyU(tt.x, tt.y)
			near(t, "U", r.U, tt.u, 1e-12)
			near(t, "p", r.P, tt.p, 1e-6)
			near(t, "common language", r.CommonLanguage, tt.common, 1e-6)
			near(t, "rank biserial", r.RankBiserial, 2*tt.common-1, 1e-6)
		})
	}
}
