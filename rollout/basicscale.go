package rollout

// limitBasicScaling moves the ReplicaSets from their observed counts toward
// the target counts (canary tc, stable ts) within maxSurge and
// maxUnavailable, as Argo's CalculateReplicaCountsForBasicCanary does with
// no traffic router (where every ready pod serves traffic):
//
//   - scale-up: at most replicas+maxSurge pods may be asked for in all;
//     the stable set gets the room first, then the canary;
//   - scale-down: pods may only go while at least replicas-maxUnavailable
//     stay available. When the canary grows, the stable set is drained
//     (counting the canary's available pods, and the stable set's desired
//     ones); when it shrinks (abort, lower weight), the canary is drained
//     the same way round;
//   - the other set is then trimmed back under the surge limit, giving back
//     what availability needs.
func limitBasicScaling(spec Spec, obs Observed, tc, ts int32) (canary, stable int32) {
	R := spec.Replicas
	surge, unavail := surgeAndUnavailable(spec)
	maxTotal, minAvail := R+surge, R-unavail
	c, s := obs.Canary, obs.Stable
	canary, stable = c.Desired, s.Desired

	room := maxTotal - (c.Desired + s.Desired)
	if up := min(ts-s.Desired, room); up > 0 {
		stable += up
		room -= up
	}
	if up := min(tc-c.Desired, room); up > 0 {
		canary += up
	}

	growing := tc >= c.Desired
	removable := countForScaleDown(c, !growing) + countForScaleDown(s, growing)
	if removable <= minAvail {
		return canary, stable
	}
	down := removable - minAvail
	if growing {
		if s.Desired > ts {
			stable = max(ts, s.Desired-down)
		}
		stable, canary = trimWithinLimits(s, c, stable, canary, maxTotal, minAvail)
		return canary, stable
	}
	if c.Desired > tc {
		canary = max(tc, c.Desired-down)
	}
	canary, stable = trimWithinLimits(c, s, canary, stable, maxTotal, minAvail)
	return canary, stable
}

// countForScaleDown is how many of rs's pods count as serving when deciding
// how many may go: its desired count when that is below what is available
// (the extra pods are already going) or when availability is ignored (the
// set being drained), else its available pods.
func countForScaleDown(rs ReplicaSetStatus, ignoreAvailability bool) int32 {
	if rs.Desired < rs.Available || ignoreAvailability {
		return rs.Desired
	}
	return rs.Available
}

// trimWithinLimits brings the adjusted set (adj) back under the surge limit
// next to the drained set (drain), keeps enough of its available pods to
// stay above minAvail, and takes any remaining excess from the drained set.
func trimWithinLimits(drain, adj ReplicaSetStatus, drainCount, adjCount, maxTotal, minAvail int32) (int32, int32) {
	over := max(0, adjCount+drainCount-maxTotal)
	adjCount -= over
	available := min(drain.Available, drainCount) + min(adj.Available, adjCount)
	lost := max(0, adj.Available-adjCount)
	adjCount += min(lost, max(0, minAvail-available))
	drainCount -= max(0, adjCount+drainCount-maxTotal)
	return drainCount, adjCount
}
