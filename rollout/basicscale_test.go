package rollout

import "testing"

// The examples in the doc comment of Argo's CalculateReplicaCountsForBasicCanary
// (utils/replicaset/canary.go), with every existing pod available, plus
// moves checked by hand.
func TestLimitBasicScaling(t *testing.T) {
	abs := func(v int32) *IntOrPercent { return &IntOrPercent{Value: v} }
	rs := func(d, a int32) ReplicaSetStatus { return ReplicaSetStatus{Desired: d, Ready: a, Available: a} }
	tests := []struct {
		name             string
		replicas, weight int32
		surge, unavail   int32
		canary, stable   ReplicaSetStatus
		wantC, wantS     int32
	}{
		{"Argo: 10 replicas weight 10, unavailable 1 surge 1", 10, 10, 1, 1, rs(0, 0), rs(10, 10), 1, 9},
		{"Argo: 10 replicas weight 30, unavailable 0 surge 3", 10, 30, 3, 0, rs(0, 0), rs(10, 10), 3, 10},
		{"Argo: 10 replicas weight 30, unavailable 5 surge 0", 10, 30, 0, 5, rs(0, 0), rs(10, 10), 0, 7},
		// Argo's comment says 1/9 here, but its current approximation picks
		// 1 of 11 (9.1%, closer to 5% than 1 of 10), as its own table does
		// for weight 1 (10 replicas, surge 1 -> 1 canary, 10 stable).
		{"Argo (current code): 10 replicas weight 5, unavailable 1 surge 1", 10, 5, 1, 1, rs(0, 0), rs(10, 10), 1, 10},
		{"Argo: 1 replica weight 5, unavailable 0 surge 1", 1, 5, 1, 0, rs(0, 0), rs(1, 1), 1, 1},
		{"Argo: 1 replica weight 95, unavailable 0 surge 1", 1, 95, 1, 0, rs(0, 0), rs(1, 1), 1, 1},
		// 3 canary pods asked, none available yet: the stable set may not
		// go below 10-1 = 9 available.
		{"canary not ready holds the stable set", 10, 30, 3, 1, rs(3, 0), rs(10, 10), 3, 9},
		// Once they are available, the stable set drops to its target 7.
		{"canary ready lets the stable set go", 10, 30, 3, 1, rs(3, 3), rs(9, 9), 3, 7},
		// Shrinking (lower weight): stable first grows into the surge room,
		// then the canary drains within maxUnavailable.
		{"shrinking the canary from 5 to 1", 10, 10, 2, 2, rs(5, 5), rs(5, 5), 3, 7},
		{"already there", 10, 20, 3, 2, rs(2, 2), rs(8, 8), 2, 8},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec := Spec{Replicas: tc.replicas, Canary: CanaryStrategy{MaxSurge: abs(tc.surge), MaxUnavailable: abs(tc.unavail)}}
			surge, _ := surgeAndUnavailable(spec)
			tcan, tst := BasicCanaryCounts(tc.replicas, tc.weight, 100, surge)
			c, s := limitBasicScaling(spec, Observed{Canary: tc.canary, Stable: tc.stable}, tcan, tst)
			if c != tc.wantC || s != tc.wantS {
				t.Errorf("canary %d stable %d, want %d/%d (target %d/%d)", c, s, tc.wantC, tc.wantS, tcan, tst)
			}
		})
	}
}
