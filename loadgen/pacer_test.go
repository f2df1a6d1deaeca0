package loadgen

import (
	"errors"
	"testing"
	"time"

	"github.com/canarylab/canarylab/rollout"
)

func TestArrivalCounts(t *testing.T) {
	tests := []struct {
		name      string
		spec      PacerSpec
		duration  time.Duration
		wantHits  uint64
		tolerance uint64
		first     time.Duration // expected first offset, -1 to skip
	}{
		// 100/s: hit k at (k+1)*10ms, the 1000th exactly at 10s.
		{"constant 100/s x 10s", PacerSpec{Rate: 100}, 10 * time.Second, 1000, 0, 10 * time.Millisecond},
		// 0.5/s: one hit every 2s, at 2,4,6,8,10s.
		{"fractional 0.5/s x 10s", PacerSpec{Rate: 0.5}, 10 * time.Second, 5, 0, 2 * time.Second},
		// integral of 10+2t over [0,10] = 100 + 100 = 200.
		{"linear 10/s +2/s² x 10s", PacerSpec{Type: PacerLinear, Rate: 10, Slope: 2}, 10 * time.Second, 200, 1, 0},
		// one full period of a sine averages to the mean: 50 * 10 = 500.
		{"sine 50±20 period 10s x 10s", PacerSpec{Type: PacerSine, Rate: 50, Amplitude: 20, Period: rollout.Duration(10 * time.Second)}, 10 * time.Second, 500, 1, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := NewPacer(tc.spec)
			if err != nil {
				t.Fatalf("NewPacer: %v", err)
			}
			a := NewArrivals(p, tc.duration)
			var first, last time.Duration
			prev := time.Duration(-1)
			for {
				off, ok := a.Next()
				if !ok {
					break
				}
				if off < prev {
					t.Fatalf("offsets go backwards: %v after %v", off, prev)
				}
				if a.Hits() == 1 {
					first = off
				}
				prev, last = off, off
			}
			if got := a.Hits(); got+tc.tolerance < tc.wantHits || got > tc.wantHits+tc.tolerance {
				t.Errorf("hits = %d, want %d±%d", got, tc.wantHits, tc.tolerance)
			}
			// vegeta sleeps, then sends without re-checking the duration, so
			// the last hit may land up to one interval (here < 25ms) late.
			if last > tc.duration+25*time.Millisecond {
				t.Errorf("last hit at %v, well after the duration %v", last, tc.duration)
			}
			if tc.first >= 0 && first != tc.first {
				t.Errorf("first hit at %v, want %v", first, tc.first)
			}
		})
	}
}

func TestNewPacerRejects(t *testing.T) {
	tests := []struct {
		name string
		spec PacerSpec
	}{
		{"zero rate", PacerSpec{Rate: 0}},
		{"negative rate", PacerSpec{Rate: -1}},
		{"unknown type", PacerSpec{Type: "poisson", Rate: 1}},
		{"sine without period", PacerSpec{Type: PacerSine, Rate: 10, Amplitude: 1}},
		{"sine amplitude >= mean", PacerSpec{Type: PacerSine, Rate: 10, Amplitude: 10, Period: rollout.Duration(time.Second)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := NewPacer(tc.spec); !errors.Is(err, ErrInvalidPacer) {
				t.Errorf("NewPacer(%+v) error = %v, want ErrInvalidPacer", tc.spec, err)
			}
		})
	}
}
