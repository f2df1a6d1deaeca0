package rollout

import "math"

// BasicCanaryCounts returns the canary and stable replica counts that best
// approximate weight (out of maxWeight) with no traffic router, where the
// split follows ready-pod counts. The rules are Argo Rollouts'
// (utils/replicaset/canary.go, approximateWeightedCanaryStableReplicaCounts):
//
//   - candidates are ceil and floor of replicas*weight/maxWeight canary pods
//     out of replicas, and, when maxSurge > 0, the same counts out of
//     replicas+1 (one surge pod);
//   - a ceil that would leave no stable pod is only a candidate when zero is
//     allowed; a floor that gives 0 canary pods is only a candidate when zero is
//     allowed (weight 0 or maxWeight, or a single replica with no surge), so
//     weights 1..99 never yield 0 canary pods once two pods are possible;
//   - when floor and ceil are equally far from the weight (an exact .5) only
//     the ceil is a candidate;
//   - (canarylab) when no candidate is left, which only happens with no
//     surge, a tie and ceil == replicas, the canary gets replicas-1 pods;
//   - the candidate whose canary share is closest to the weight wins, the
//     earliest on ties.
func BasicCanaryCounts(replicas, weight, maxWeight, maxSurge int32) (canary, stable int32) {
	if replicas <= 0 {
		return 0, 0
	}
	if maxWeight <= 0 {
		maxWeight = DefaultMaxTrafficWeight
	}
	type option struct{ canary, total int32 }
	exact := float64(replicas) * float64(weight) / float64(maxWeight)
	ceil, floor := int32(math.Ceil(exact)), int32(math.Floor(exact))
	zeroAllowed := weight == 0 || weight == maxWeight || (replicas == 1 && maxSurge == 0)
	tied := func(total int32) bool {
		_, frac := math.Modf(float64(total) * float64(weight) / float64(maxWeight))
		return frac == 0.5
	}
	var opts []option
	if ceil < replicas || zeroAllowed {
		opts = append(opts, option{ceil, replicas})
	}
	if !tied(replicas) && (floor != 0 || zeroAllowed) {
		opts = append(opts, option{floor, replicas})
	}
	if maxSurge > 0 {
		opts = append(opts, option{ceil, replicas + 1})
		if !tied(replicas+1) && (floor != 0 || zeroAllowed) {
			opts = append(opts, option{floor, replicas + 1})
		}
	}
	if len(opts) == 0 {
		// Only reachable with no surge, a tie, and a ceil equal to replicas
		// (2 replicas at 75%). Argo returns 0 canary pods here, against its
		// own documented rule; canarylab keeps the rule: round down to
		// replicas-1, leaving one stable pod.
		return replicas - 1, 1
	}
	delta := func(o option) float64 {
		return math.Abs(float64(o.canary)*float64(maxWeight)/float64(o.total) - float64(weight))
	}
	best := opts[0]
	for _, o := range opts[1:] {
		if delta(o) < delta(best) {
			best = o
		}
	}
	return best.canary, best.total - best.canary
}

// WeightToReplicas is the pod count that carries weight (out of maxWeight) of
// replicas, rounded up: Argo's trafficWeightToReplicas.
func WeightToReplicas(replicas, weight, maxWeight int32) int32 {
	if maxWeight <= 0 {
		maxWeight = DefaultMaxTrafficWeight
	}
	return int32(math.Ceil(float64(weight) * float64(replicas) / float64(maxWeight)))
}

// RoutedCanaryCounts returns canary and stable replica counts with a traffic
// router (Argo's CalculateReplicaCountsForTrafficRoutedCanary): the canary
// gets WeightToReplicas(weight), or the setCanaryScale override (scale nil
// means none): an absolute replica count, or a weight out of maxWeight. The
// stable set stays at spec.replicas unless dynamicStableScale; then it
// carries the higher of the desired stable weight and the stable weight the
// router still has (observedWeight is the canary weight the router reports),
// so stable pods never leave before their traffic does. As in Argo, the
// "desired weight" there is the setCanaryScale weight when one is set (0 for
// a replica count), not the traffic weight.
func RoutedCanaryCounts(spec Spec, weight int32, scale *SetCanaryScale, observedWeight int32) (canary, stable int32) {
	r, mw := spec.Replicas, maxWeight(spec)
	if scale != nil && scale.Replicas != nil {
		canary, weight = *scale.Replicas, 0
	} else {
		if scale != nil && scale.Weight != nil {
			weight = *scale.Weight
		}
		canary = WeightToReplicas(r, weight, mw)
	}
	if !spec.Canary.DynamicStableScale {
		return canary, r
	}
	stable = WeightToReplicas(r, mw-weight, mw)
	if s := WeightToReplicas(r, mw-observedWeight, mw); s > stable {
		stable = s
	}
	return canary, stable
}
