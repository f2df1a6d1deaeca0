package stats

import (
	"math"
	"testing"
)

func near(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.10g, want %.10g (±%g)", name, got, want, tol)
	}
}

func TestBinomialTest(t *testing.T) {
	tests := []struct {
		name string
		k, n int
		p0   float64
		want float64
	}{
		// R: binom.test(7, 20, 0.5)$p.value = 0.2632 (sum of P(X=i) for
		// i <= 7 and i >= 13 = 2·0.131588 = 0.263176).
		{"7 of 20 at 0.5", 7, 20, 0.5, 0.26317596},
		// R: binom.test(3, 20, 0.5): 2·P(X<=3) = 2·1351/2^20 = 0.00257683.
		{"3 of 20 at 0.5", 3, 20, 0.5, 0.00257683},
		// R: binom.test(30, 100, 0.2)$p.value = 0.01695 (asymmetric: the
		// lower tail adds every i with P(X=i) <= P(X=30)).
		{"30 of 100 at 0.2", 30, 100, 0.2, 0.01694536},
		{"12 of 40 at 0.1", 12, 40, 0.1, 0.000380834},
		{"no trials", 0, 0, 0.3, 1},
		{"p0 0, none", 0, 50, 0, 1},
		{"p0 0, one canary", 1, 50, 0, 0},
		{"p0 1, all", 50, 50, 1, 1},
		{"p0 1, one stable", 49, 50, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			near(t, "p", BinomialTest(tt.k, tt.n, tt.p0), tt.want, 1e-7)
		})
	}
}

func TestIntervals(t *testing.T) {
	tests := []struct {
		name           string
		k, n           int
		cpLo, cpHi     float64
		wLo, wHi       float64
		skipWilsonTest bool
	}{
		// R: binom.test(7, 20)$conf.int = [0.1539092, 0.5921885];
		// prop.test(7, 20, correct = FALSE)$conf.int = [0.1811918, 0.5671457]:
		// z = 1.959964, centre = (0.35 + z²/40)/(1 + z²/20) = 0.3741698,
		// half = z/(1 + z²/20)·sqrt(0.35·0.65/20 + z²/1600) = 0.1929779.
		{"7 of 20", 7, 20, 0.1539092, 0.5921885, 0.1811918, 0.5671457, false},
		// k = 0: lo = 0, hi = 1 - 0.025^(1/20) = 0.1684335.
		{"0 of 20", 0, 20, 0, 0.1684335, 0, 0, true},
		// k = n: lo = 0.025^(1/20) = 0.8315665.
		{"20 of 20", 20, 20, 0.8315665, 1, 0, 0, true},
		// R: binom.test(30, 100)$conf.int = [0.2124064, 0.3998147].
		{"30 of 100", 30, 100, 0.2124064, 0.3998147, 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi := ClopperPearson(tt.k, tt.n, 0.95)
			near(t, "cp lo", lo, tt.cpLo, 1e-6)
			near(t, "cp hi", hi, tt.cpHi, 1e-6)
			if tt.skipWilsonTest {
				return
			}
			lo, hi = Wilson(float64(tt.k)/float64(tt.n), float64(tt.n), 0.95)
			near(t, "wilson lo", lo, tt.wLo, 1e-6)
			near(t, "wilson hi", hi, tt.wHi, 1e-6)
		})
	}
	if lo, hi := ClopperPearson(0, 0, 0.95); lo != 0 || hi != 1 {
		t.Errorf("ClopperPearson(0, 0) = [%g, %g], want [0, 1]", lo, hi)
	}
}

func TestClusteredProportion(t *testing.T) {
	// Four connections of 10 requests with 8, 2, 5, 0 canary hits:
	// N = 40, K = 15, share = 0.375; residuals k_i - 0.375·10 = 4.25, -1.75,
	// 1.25, -3.75, squares sum 36.75; variance = 4/3 · 36.75/1600 = 0.030625;
	// binomial variance 0.375·0.625/40 = 0.005859375; deff = 5.2266667;
	// effective n = 40/5.2266667 = 7.6530612.
	// Against p0 = 0.5: z = -0.125/sqrt(5.2266667·0.25/40) = -0.6916042,
	// p = 2Φ(-0.6916042) = 0.4891859.
	// Interval: Wilson(0.375, 7.6530612) = [0.1338030, 0.6997467].
	c := ClusteredProportion([]Cluster{{8, 10}, {2, 10}, {5, 10}, {0, 10}, {0, 0}})
	if c.N != 40 || c.K != 15 || c.Clusters != 4 {
		t.Fatalf("counts = %d/%d in %d clusters, want 15/40 in 4", c.K, c.N, c.Clusters)
	}
	near(t, "share", c.Share, 0.375, 1e-12)
	near(t, "variance", c.Variance, 0.030625, 1e-12)
	near(t, "deff", c.DesignEffect, 5.2266667, 1e-6)
	near(t, "effective n", c.EffectiveN, 7.6530612, 1e-6)
	near(t, "p", c.Test(0.5), 0.4891859, 1e-6)
	lo, hi := c.Interval(0.95)
	near(t, "lo", lo, 0.1338030, 1e-6)
	near(t, "hi", hi, 0.6997467, 1e-6)

	// The same 15/40 spread evenly (one request per connection) has
	// residual squares 15·0.625² + 25·0.375² = 9.375; variance
	// 40/39·9.375/1600 = 0.0060096; deff = 1.0256410.
	var even []Cluster
	for i := range 40 {
		hit := 0
		if i < 15 {
			hit = 1
		}
		even = append(even, Cluster{Hits: hit, Total: 1})
	}
	e := ClusteredProportion(even)
	near(t, "even deff", e.DesignEffect, 1.0256410, 1e-6)
	elo, ehi := e.Interval(0.95)
	if ehi-elo >= hi-lo {
		t.Errorf("even interval width %g should be narrower than clustered %g", ehi-elo, hi-lo)
	}
}

func TestClusteredEdgeCases(t *testing.T) {
	tests := []struct {
		name     string
		cs       []Cluster
		p0       float64
		wantDeff float64
		wantP    float64
	}{
		// One connection: the step is one draw, deff = N = 20, z = (1-0.5)/
		// sqrt(20·0.25/20) = 1, p = 0.3173105.
		{"one connection", []Cluster{{20, 20}}, 0.5, 20, 0.3173105},
		// All stable on 4 connections: no variance, deff 1; z = -0.2/
		// sqrt(0.16/40) = -3.1622777, p = 0.0015654.
		{"all stable", []Cluster{{0, 10}, {0, 10}, {0, 10}, {0, 10}}, 0.2, 1, 0.0015654},
		{"expected zero, none", []Cluster{{0, 10}, {0, 10}}, 0, 1, 1},
		// share 0.05; residuals 0.5, -0.5; variance 2·0.5/400 = 0.0025;
		// binomial 0.05·0.95/20 = 0.002375; deff = 1.0526316.
		{"expected zero, some", []Cluster{{1, 10}, {0, 10}}, 0, 1.0526316, 0},
		{"empty", nil, 0.5, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ClusteredProportion(tt.cs)
			near(t, "deff", c.DesignEffect, tt.wantDeff, 1e-6)
			near(t, "p", c.Test(tt.p0), tt.wantP, 1e-6)
		})
	}
}

func TestMinDetectableDeviation(t *testing.T) {
	tests := []struct {
		name string
		n    int
		p0   float64
		deff float64
		want float64
	}{
		// (1.959964 + 0.841621)·sqrt(0.1·0.9/1000) = 2.801585·0.0094868 = 0.0265782.
		{"1000 at 0.1", 1000, 0.1, 1, 0.0265782},
		// deff 2 widens it by sqrt(2): 0.0375872.
		{"1000 at 0.1 deff 2", 1000, 0.1, 2, 0.0375872},
		// p0 = 0: 1 - 0.2^(1/100) = 0.0159656.
		{"100 at 0", 100, 0, 1, 0.0159656},
		{"no requests", 0, 0.5, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			near(t, "mdd", MinDetectableDeviation(tt.n, tt.p0, 0.05, DefaultPower, tt.deff), tt.want, 1e-6)
		})
	}
}
