package sim

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/canarylab/canarylab/rollout"
	"github.com/canarylab/canarylab/scenarios"
)

// assertShare checks k of n against p within 4 binomial standard deviations.
func assertShare(t *testing.T, k, n int, p float64) {
	t.Helper()
	share := float64(k) / float64(n)
	sd := math.Sqrt(p * (1 - p) / float64(n))
	if math.Abs(share-p) > 4*sd {
		t.Errorf("share %d/%d = %.4f, want %.2f ± %.4f (4 sd)", k, n, share, p, 4*sd)
	}
}

func TestLogNormalQuantiles(t *testing.T) {
	l := LogNormal{P50: 800 * time.Millisecond, P99: 2500 * time.Millisecond}
	r := rand.New(rand.NewPCG(1, 2))
	xs := make([]time.Duration, 100000)
	for i := range xs {
		xs[i] = l.Sample(r)
	}
	slices.Sort(xs)
	for _, q := range []struct {
		at   float64
		want time.Duration
	}{{0.5, l.P50}, {0.99, l.P99}} {
		got := xs[int(q.at*float64(len(xs)))]
		if rel := math.Abs(float64(got-q.want)) / float64(q.want); rel > 0.03 {
			t.Errorf("q%.2f = %v, want %v within 3%%", q.at, got, q.want)
		}
	}
	if got := (LogNormal{P50: time.Second, P99: time.Second}).Sample(r); got != time.Second {
		t.Errorf("constant log-normal sampled %v, want 1s", got)
	}
}

func TestDesiredHealthy(t *testing.T) {
	iop := func(v int32, pct bool) *rollout.IntOrPercent { return &rollout.IntOrPercent{Value: v, IsPercent: pct} }
	tests := []struct {
		name     string
		pdb      scenarios.PDB
		expected int32
		want     int32
	}{
		{"minAvailable 3", scenarios.PDB{MinAvailable: iop(3, false)}, 5, 3},
		{"minAvailable 50% of 5 rounds up", scenarios.PDB{MinAvailable: iop(50, true)}, 5, 3},
		{"maxUnavailable 1 of 5", scenarios.PDB{MaxUnavailable: iop(1, false)}, 5, 4},
		{"maxUnavailable 25% of 5 rounds up to 2", scenarios.PDB{MaxUnavailable: iop(25, true)}, 5, 3},
		{"maxUnavailable above expected", scenarios.PDB{MaxUnavailable: iop(9, false)}, 5, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := DesiredHealthy(&tc.pdb, tc.expected); got != tc.want {
				t.Errorf("DesiredHealthy = %d, want %d", got, tc.want)
			}
		})
	}
}
