package loadgen

import (
	"math"
	"testing"
	"time"

	"github.com/canarylab/canarylab/rollout"
)

func TestRecordMetrics(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	m := RecordMetrics{
		{Start: at(0), Version: "canary", Code: 200, Latency: ms(10)},
		{Start: at(1), Version: "canary", Code: 200, Latency: ms(40)},
		{Start: at(2), Version: "canary", Code: 500, Error: Err5xx, Latency: ms(5)},
		{Start: at(3), Version: "canary", Error: ErrRefused},
		{Start: at(4), Version: "canary", Code: 200, Latency: ms(20)},
		{Start: at(5), Version: "stable", Code: 200, Latency: ms(30)},
		{Start: at(6), Error: ErrRefused},                              // no pod reached: not attributed
		{Start: at(10), Version: "canary", Code: 200, Latency: ms(99)}, // outside [0s,10s)
	}
	tests := []struct {
		name   string
		q      rollout.DataPlaneQuery
		want   float64
		wantOK bool
	}{
		// canary in [0,10): 5 requests, 3 served.
		{"success rate", rollout.DataPlaneQuery{Query: rollout.QuerySuccessRate}, 0.6, true},
		{"error rate", rollout.DataPlaneQuery{Query: rollout.QueryErrorRate, Version: "canary"}, 0.4, true},
		{"stable success", rollout.DataPlaneQuery{Query: rollout.QuerySuccessRate, Version: "stable"}, 1, true},
		// served latencies 10,20,40 ms: p50 = 2nd = 20ms, p99 = 3rd = 40ms, p0 = 10ms.
		{"p50", rollout.DataPlaneQuery{Query: rollout.QueryLatency, Quantile: 0.5}, 0.020, true},
		{"p99", rollout.DataPlaneQuery{Query: rollout.QueryLatency, Quantile: 0.99}, 0.040, true},
		{"p0", rollout.DataPlaneQuery{Query: rollout.QueryLatency, Quantile: 0}, 0.010, true},
		{"no data", rollout.DataPlaneQuery{Query: rollout.QuerySuccessRate, Version: "other"}, 0, false},
		{"unknown query", rollout.DataPlaneQuery{Query: "cpu"}, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := m.Measure(tc.q, at(0), at(10))
			if ok != tc.wantOK || math.Abs(got-tc.want) > 1e-12 {
				t.Errorf("Measure = %v, %v; want %v, %v", got, ok, tc.want, tc.wantOK)
			}
		})
	}
}
