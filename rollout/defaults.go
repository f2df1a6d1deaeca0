package rollout

import (
	"math"
	"time"
)

// Defaults, as Argo Rollouts documents them (docs/features/specification.md,
// utils/defaults/defaults.go).
const (
	// DefaultMaxTrafficWeight is the total router weight when
	// trafficRouting.maxTrafficWeight is unset.
	DefaultMaxTrafficWeight int32 = 100
	// DefaultAbortScaleDownDelaySeconds is how long a router-fronted canary
	// keeps its pods after an abort. Without a router the delay is 0.
	DefaultAbortScaleDownDelaySeconds int32 = 30
	// DefaultScaleDownDelaySeconds is how long the old stable set keeps its
	// pods after a full promotion with a router.
	DefaultScaleDownDelaySeconds int32 = 30
	// DefaultMaxSurgePercent and DefaultMaxUnavailablePercent are "25%".
	DefaultMaxSurgePercent       int32 = 25
	DefaultMaxUnavailablePercent int32 = 25
	// DefaultAnalysisWindow is the query window of a metric with no window
	// and no interval.
	DefaultAnalysisWindow = 10 * time.Second
	// DefaultNginxAnnotationPrefix is ingress-nginx's annotation prefix.
	DefaultNginxAnnotationPrefix = "nginx.ingress.kubernetes.io"
)

// maxWeight is the router's total weight.
func maxWeight(spec Spec) int32 {
	if tr := spec.Canary.TrafficRouting; tr != nil && tr.MaxTrafficWeight != nil && *tr.MaxTrafficWeight > 0 {
		return *tr.MaxTrafficWeight
	}
	return DefaultMaxTrafficWeight
}

// resolve turns v (or def percent when nil) into a count of replicas,
// rounding percentages up or down.
func resolve(v *IntOrPercent, defPercent, replicas int32, roundUp bool) int32 {
	iv := IntOrPercent{Value: defPercent, IsPercent: true}
	if v != nil {
		iv = *v
	}
	if !iv.IsPercent {
		return iv.Value
	}
	f := float64(iv.Value) * float64(replicas) / 100
	if roundUp {
		return int32(math.Ceil(f))
	}
	return int32(math.Floor(f))
}

// surgeAndUnavailable resolves maxSurge (rounded up) and maxUnavailable
// (rounded down) as Kubernetes' Deployment fenceposts do, which Argo reuses:
// when both come out 0, maxUnavailable becomes 1; maxUnavailable is capped at
// the replica count.
func surgeAndUnavailable(spec Spec) (surge, unavailable int32) {
	r := spec.Replicas
	surge = resolve(spec.Canary.MaxSurge, DefaultMaxSurgePercent, r, true)
	unavailable = resolve(spec.Canary.MaxUnavailable, DefaultMaxUnavailablePercent, r, false)
	if surge == 0 && unavailable == 0 {
		unavailable = 1
	}
	if unavailable > r {
		unavailable = r
	}
	return surge, unavailable
}

// abortScaleDownDelay is how long after an abort the canary keeps its pods;
// never is true for abortScaleDownDelaySeconds: 0 with a router (Argo: "0
// means never scale down"). Without a router the canary goes at once.
func abortScaleDownDelay(spec Spec) (d time.Duration, never bool) {
	if RouterOf(spec) == RouterNone {
		return 0, false
	}
	s := DefaultAbortScaleDownDelaySeconds
	if p := spec.Canary.AbortScaleDownDelaySeconds; p != nil {
		if *p == 0 {
			return 0, true
		}
		s = *p
	}
	return time.Duration(s) * time.Second, false
}

// scaleDownDelay is how long the old stable set keeps its pods after a full
// promotion: scaleDownDelaySeconds (default 30) with a router, 0 without.
func scaleDownDelay(spec Spec) time.Duration {
	if RouterOf(spec) == RouterNone {
		return 0
	}
	s := DefaultScaleDownDelaySeconds
	if p := spec.Canary.ScaleDownDelaySeconds; p != nil {
		s = *p
	}
	return time.Duration(s) * time.Second
}
