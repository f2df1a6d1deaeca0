package scenarios

import (
	"time"

	"github.com/canarylab/canarylab/rollout"
)

// openSpan starts a span of constant configured weight at t.
func (r *runner) openSpan(t time.Time, step int32, d rollout.Desired) {
	kind := rollout.RouterOf(r.spec)
	span := StepSpan{
		Step:          step,
		Weight:        d.Weight,
		ExpectedShare: rollout.ExpectedCanaryShare(r.spec, d),
		PerConnection: !kind.PerRequest(),
		From:          t,
	}
	switch {
	case r.sc.Spec.Router.SessionAffinity != "":
		span.ClusterBy = "client"
	case span.PerConnection:
		span.ClusterBy = "connection"
	}
	r.spans = append(r.spans, span)
}

// closeSpan ends the open span at t; a span that never settled gets an empty
// measured window.
func (r *runner) closeSpan(t time.Time) {
	if len(r.spans) == 0 {
		return
	}
	s := &r.spans[len(r.spans)-1]
	if !s.To.IsZero() {
		return
	}
	s.To = t
	if s.SettledAt.IsZero() || s.SettledAt.After(t) {
		s.SettledAt = t
	}
}

// trackSpan opens a new span when the desired split changes and marks the
// open span settled once the backend shows the desired state.
func (r *runner) trackSpan(now time.Time, obs rollout.Observed, d rollout.Desired) {
	cur := &r.spans[len(r.spans)-1]
	share := rollout.ExpectedCanaryShare(r.spec, d)
	if d.Weight != cur.Weight || share != cur.ExpectedShare {
		r.closeSpan(now)
		r.openSpan(now, r.status.CurrentStepIndex, d)
		return
	}
	if cur.SettledAt.IsZero() && obs.Stable.Ready == d.StableReplicas &&
		obs.Canary.Ready == d.CanaryReplicas && obs.Weight == d.Weight {
		cur.SettledAt = now.Add(r.settle)
	}
}
