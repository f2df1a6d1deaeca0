package rollout

// desired is the state this pass wants, from the status it has built and
// what the backend observed.
func (r *reconciler) desired() Desired {
	spec, st, obs := r.spec, r.st, r.obs
	R, mw := spec.Replicas, maxWeight(spec)
	router := RouterOf(spec) != RouterNone
	d := Desired{CanaryRoute: router}
	switch {
	case st.Completed:
		// The canary is the new stable: all replicas, all traffic. The old
		// stable goes at once without a router, after scaleDownDelaySeconds
		// with one (Argo keeps it so the router can drain).
		d.CanaryReplicas, d.Weight = R, mw
		if router && st.CompletedAt != nil && r.now.Before(st.CompletedAt.Add(scaleDownDelay(spec))) {
			d.StableReplicas = obs.Stable.Desired
		}
		if !router {
			d.CanaryReplicas, d.StableReplicas = limitBasicScaling(spec, obs, R, 0)
		}
		return d
	case st.Aborted:
		// Weight back to 0 and stable back to full at once. Without a
		// router the canary goes at once (abortScaleDownDelaySeconds
		// applies to routers only); with one it keeps its pods for
		// abortScaleDownDelaySeconds after the abort, or forever when 0.
		d.StableReplicas = R
		d.Weight = r.heldByStable(0)
		if !router {
			d.CanaryReplicas, d.StableReplicas = limitBasicScaling(spec, obs, 0, R)
		} else {
			delay, never := abortScaleDownDelay(spec)
			if never || st.AbortedAt == nil || r.now.Before(st.AbortedAt.Add(delay)) {
				d.CanaryReplicas = obs.Canary.Desired
			}
		}
		return d
	}
	target := currentSetWeight(spec, st)
	if !router {
		tc, ts := r.basicTarget()
		d.CanaryReplicas, d.StableReplicas = limitBasicScaling(spec, obs, tc, ts)
		d.Weight = target
		return d
	}
	d.CanaryReplicas, d.StableReplicas = RoutedCanaryCounts(spec, target, canaryScaleAt(spec, st), obs.Weight)
	d.Weight = r.heldByStable(r.routerWeight(target, d))
	return d
}

// routerWeight is the weight to give the router while progressing. As in
// Argo's reconcileTrafficRouting: never any weight to a canary with no
// available pod; on a full promotion the weight rises only as the canary
// becomes available (all at once when it is fully available, or in
// proportion with dynamicStableScale); and while the ReplicaSets are not yet
// at the counts the current step wants, the router keeps the weight of the
// previous setWeight step, so traffic never runs ahead of ready canary pods.
func (r *reconciler) routerWeight(target int32, d Desired) int32 {
	spec, st, obs := r.spec, r.st, r.obs
	mw := maxWeight(spec)
	switch {
	case obs.Canary.Available == 0:
		return 0
	case st.PromoteFull && spec.Canary.DynamicStableScale:
		return mw * min(obs.Canary.Available, spec.Replicas) / max(spec.Replicas, 1)
	case !r.atDesired(d):
		if st.PromoteFull {
			return obs.Weight
		}
		return setWeightAtOrBefore(spec, st.CurrentStepIndex-1)
	}
	return target
}

// heldByStable keeps the router's current weight when the stable set lacks
// the available pods for the share w would send it (Argo's
// checkReplicasAvailable: floor((max-w)*replicas/max) available pods).
func (r *reconciler) heldByStable(w int32) int32 {
	if RouterOf(r.spec) == RouterNone || w == r.obs.Weight {
		return w
	}
	mw := maxWeight(r.spec)
	need := (mw - w) * r.spec.Replicas / mw
	if r.obs.Stable.Available < need {
		return r.obs.Weight
	}
	return w
}

// basicTarget is where the ReplicaSets are headed with no router: the
// counts that best approximate the current setWeight (or all canary once
// past the last step).
func (r *reconciler) basicTarget() (canary, stable int32) {
	surge, _ := surgeAndUnavailable(r.spec)
	return BasicCanaryCounts(r.spec.Replicas, currentSetWeight(r.spec, r.st), DefaultMaxTrafficWeight, surge)
}

// atDesired reports whether the ReplicaSets are at the desired counts
// (Argo's AtDesiredReplicaCountsForCanary): the canary has exactly the
// desired pods, all available; the stable set has the desired count unless
// dynamicStableScale with a router (its pods follow the weight). Without a
// router the counts compared are the step's target, not this pass's
// surge-limited move toward it.
func (r *reconciler) atDesired(d Desired) bool {
	c, s := r.obs.Canary, r.obs.Stable
	if RouterOf(r.spec) == RouterNone {
		d.CanaryReplicas, d.StableReplicas = r.basicTarget()
	}
	if c.Desired != d.CanaryReplicas || c.Available != d.CanaryReplicas {
		return false
	}
	if RouterOf(r.spec) != RouterNone && r.spec.Canary.DynamicStableScale {
		return true
	}
	return s.Desired == d.StableReplicas
}

// settled reports whether a setWeight/setCanaryScale step is done: the
// ReplicaSets are at their desired counts and, with a router, the router
// reports the step's weight (not merely the weight this pass could ask for,
// which is held back while the stable set lacks available pods).
func (r *reconciler) settled() bool {
	if !r.atDesired(r.desired()) {
		return false
	}
	return RouterOf(r.spec) == RouterNone || r.obs.Weight == currentSetWeight(r.spec, r.st)
}

// Actions is d minus what obs shows, in the order a backend should apply
// them: create the route, set the weight (a lower weight before pods go),
// scale stable, scale canary, delete the route. Without a router there is
// no weight to set: the split is the replica ratio.
func Actions(spec Spec, d Desired, obs Observed) []Action {
	var out []Action
	if d.CanaryRoute && !obs.CanaryRoute {
		out = append(out, Action{Type: ActionCreateRoute})
	}
	if RouterOf(spec) != RouterNone && obs.Weight != d.Weight {
		out = append(out, Action{Type: ActionSetWeight, Weight: d.Weight})
	}
	if obs.Stable.Desired != d.StableReplicas {
		out = append(out, Action{Type: ActionScaleStable, Replicas: d.StableReplicas})
	}
	if obs.Canary.Desired != d.CanaryReplicas {
		out = append(out, Action{Type: ActionScaleCanary, Replicas: d.CanaryReplicas})
	}
	if !d.CanaryRoute && obs.CanaryRoute {
		out = append(out, Action{Type: ActionDeleteRoute})
	}
	return out
}
