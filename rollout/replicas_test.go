package rollout

import (
	"fmt"
	"testing"
)

func i32(v int32) *int32 { return &v }

// Cases are Argo Rollouts' documented replica math (utils/replicaset/
// canary.go, approximateWeightedCanaryStableReplicaCounts, and its table
// TestApproximateWeightedNewStableReplicaCounts); the comment is the
// canary share the counts give, computed by hand.
func TestBasicCanaryCounts(t *testing.T) {
	tests := []struct {
		name                   string
		replicas, weight, surg int32
		canary, stable         int32
	}{
		{"brief: 10 replicas setWeight 20 gives 8 stable / 2 canary (20%)", 10, 20, 3, 2, 8},
		{"brief: 41% of 10 gives 4 canary (40%, closer than 5/10 or 5/11)", 10, 41, 3, 4, 6},
		{"brief: 4 replicas 25% gives 3/1 (25%)", 4, 25, 1, 1, 3},
		{"1 replica, no surge, weight 49: zero allowed, floor 0 (0%)", 1, 49, 0, 0, 1},
		{"1 replica, no surge, weight 50: tie rounds up (100%)", 1, 50, 0, 1, 0},
		{"1 replica, surge 1, weight 1: never 0 canary, surge to 2 pods (50%)", 1, 1, 1, 1, 1},
		{"1 replica, surge 1, weight 100: all canary", 1, 100, 1, 1, 0},
		{"2 replicas, no surge, weight 1: never 0 canary (50%)", 2, 1, 0, 1, 1},
		{"2 replicas, surge 1, weight 1: 1 of 3 (33.3%)", 2, 1, 1, 1, 2},
		{"2 replicas, surge 1, weight 99: 2 of 3 (66.6%)", 2, 99, 1, 2, 1},
		{"3 replicas, no surge, weight 50: tie 1.5 rounds up (66.6%)", 3, 50, 0, 2, 1},
		{"3 replicas, surge 1, weight 10: 1 of 4 (25%)", 3, 10, 1, 1, 3},
		{"3 replicas, surge 1, weight 49: 2 of 4 (50%)", 3, 49, 1, 2, 2},
		{"10 replicas, no surge, weight 15: tie 1.5 rounds up (20%)", 10, 15, 0, 2, 8},
		{"10 replicas, no surge, weight 99: keeps one stable (90%)", 10, 99, 0, 9, 1},
		{"10 replicas, surge 1, weight 1: 1 of 11 (9.1%)", 10, 1, 1, 1, 10},
		{"10 replicas, surge 1, weight 18: 2 of 11 (18.2%)", 10, 18, 1, 2, 9},
		{"2 replicas, no surge, weight 75: no Argo candidate, canarylab keeps 1/1 (50%)", 2, 75, 0, 1, 1},
		{"weight 0: no canary", 10, 0, 1, 0, 10},
		{"weight 100: all canary", 10, 100, 1, 10, 0},
		{"0 replicas", 0, 50, 1, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, s := BasicCanaryCounts(tc.replicas, tc.weight, 100, tc.surg)
			if c != tc.canary || s != tc.stable {
				t.Errorf("BasicCanaryCounts(%d, %d, 100, %d) = canary %d stable %d, want %d/%d",
					tc.replicas, tc.weight, tc.surg, c, s, tc.canary, tc.stable)
			}
		})
	}
}

// Weights 1..99 never give 0 canary pods when two pods are possible
// (Argo's zeroAllowed rule), for every replica count and surge.
func TestBasicCanaryCountsNeverZeroCanary(t *testing.T) {
	for r := int32(1); r <= 12; r++ {
		for surge := int32(0); surge <= 2; surge++ {
			if r == 1 && surge == 0 {
				continue
			}
			for w := int32(1); w <= 99; w++ {
				c, s := BasicCanaryCounts(r, w, 100, surge)
				if c == 0 || s == 0 {
					t.Fatalf("replicas %d surge %d weight %d: canary %d stable %d, want both > 0", r, surge, w, c, s)
				}
				if c+s > r+1 || (surge == 0 && c+s > r) {
					t.Fatalf("replicas %d surge %d weight %d: %d pods exceed the surge", r, surge, w, c+s)
				}
			}
		}
	}
}

func TestSurgeAndUnavailable(t *testing.T) {
	tests := []struct {
		replicas     int32
		surge, unav  *IntOrPercent
		wantS, wantU int32
	}{
		{10, nil, nil, 3, 2},                    // 25% of 10: surge rounds up to 3, unavailable down to 2
		{4, nil, nil, 1, 1},                     // 25% of 4
		{1, nil, nil, 1, 0},                     // ceil(0.25)=1, floor(0.25)=0
		{3, &IntOrPercent{Value: 0}, nil, 0, 1}, // floor(0.75)=0 and surge 0: the fencepost makes unavailable 1
		{10, &IntOrPercent{Value: 2}, &IntOrPercent{Value: 50, IsPercent: true}, 2, 5},
		{2, nil, &IntOrPercent{Value: 5}, 1, 2}, // capped at replicas
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("replicas %d", tc.replicas), func(t *testing.T) {
			spec := Spec{Replicas: tc.replicas, Canary: CanaryStrategy{MaxSurge: tc.surge, MaxUnavailable: tc.unav}}
			s, u := surgeAndUnavailable(spec)
			if s != tc.wantS || u != tc.wantU {
				t.Errorf("surge/unavailable = %d/%d, want %d/%d", s, u, tc.wantS, tc.wantU)
			}
		})
	}
}

// Argo's CalculateReplicaCountsForTrafficRoutedCanary.
func TestRoutedCanaryCounts(t *testing.T) {
	nginx := &TrafficRouting{Nginx: &NginxRouting{StableIngress: "web"}}
	tests := []struct {
		name           string
		replicas       int32
		dynamic        bool
		weight, obsW   int32
		scale          *SetCanaryScale
		canary, stable int32
	}{
		{"canary = ceil(10% of 10) = 1, stable stays 10", 10, false, 10, 0, nil, 1, 10},
		{"canary = ceil(15% of 10) = 2 (1.5 rounds up)", 10, false, 15, 0, nil, 2, 10},
		{"canary = ceil(1% of 3) = 1", 3, false, 1, 0, nil, 1, 3},
		{"setCanaryScale replicas 3 at weight 10", 10, false, 10, 0, &SetCanaryScale{Replicas: i32(3)}, 3, 10},
		{"setCanaryScale weight 50 at traffic weight 10", 10, false, 10, 0, &SetCanaryScale{Weight: i32(50)}, 5, 10},
		{"setCanaryScale replicas 0 keeps canary empty", 10, false, 20, 0, &SetCanaryScale{Replicas: i32(0)}, 0, 10},
		{"dynamicStableScale: weight 30 applied: stable ceil(70% of 10) = 7", 10, true, 30, 30, nil, 3, 7},
		{"dynamicStableScale: router still at 10: stable keeps ceil(90% of 10) = 9", 10, true, 30, 10, nil, 3, 9},
		{"dynamicStableScale: weight 100 applied: stable 0", 10, true, 100, 100, nil, 10, 0},
		{"dynamicStableScale with setCanaryScale replicas: desired weight 0, stable full (as Argo)", 10, true, 40, 40, &SetCanaryScale{Replicas: i32(2)}, 2, 10},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec := Spec{Replicas: tc.replicas, Canary: CanaryStrategy{TrafficRouting: nginx, DynamicStableScale: tc.dynamic}}
			c, s := RoutedCanaryCounts(spec, tc.weight, tc.scale, tc.obsW)
			if c != tc.canary || s != tc.stable {
				t.Errorf("got canary %d stable %d, want %d/%d", c, s, tc.canary, tc.stable)
			}
		})
	}
}
