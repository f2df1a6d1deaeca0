package rollout

import (
	"fmt"
	"time"
)

// Pause reasons (Argo's pause condition reasons).
const (
	PauseReasonStep         = "CanaryPauseStep"
	PauseReasonInconclusive = "InconclusiveAnalysis"
)

// Clone returns a deep copy of s, so a reconcile never changes its input.
func (s Status) Clone() Status {
	c := s
	c.PauseStartTime = cloneTime(s.PauseStartTime)
	c.AbortedAt = cloneTime(s.AbortedAt)
	c.CompletedAt = cloneTime(s.CompletedAt)
	if s.CanaryScale != nil {
		cs := *s.CanaryScale
		c.CanaryScale = &cs
	}
	if s.Analyses != nil {
		c.Analyses = make([]AnalysisRun, len(s.Analyses))
		for i, r := range s.Analyses {
			r.Metrics = append([]MetricResult(nil), r.Metrics...)
			for j := range r.Metrics {
				r.Metrics[j].Measurements = append([]Measurement(nil), r.Metrics[j].Measurements...)
			}
			c.Analyses[i] = r
		}
	}
	return c
}

func cloneTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := *t
	return &v
}

// describeStep is a one-line description of a step for events.
func describeStep(s Step) string {
	switch {
	case s.SetWeight != nil:
		return fmt.Sprintf("setWeight %d", *s.SetWeight)
	case s.Pause != nil && s.Pause.Duration != nil:
		return "pause " + s.Pause.Duration.String()
	case s.Pause != nil:
		return "pause until promoted"
	case s.SetCanaryScale != nil:
		c := s.SetCanaryScale
		switch {
		case c.Replicas != nil:
			return fmt.Sprintf("setCanaryScale replicas %d", *c.Replicas)
		case c.Weight != nil:
			return fmt.Sprintf("setCanaryScale weight %d", *c.Weight)
		}
		return "setCanaryScale matchTrafficWeight"
	case s.Analysis != nil:
		return fmt.Sprintf("analysis (%d metrics)", len(s.Analysis.Metrics))
	}
	return "empty step"
}

// currentSetWeight is the weight of the last setWeight step at or before
// the current one (Argo's GetCurrentSetWeight): 0 when aborted or when no
// setWeight came yet, maxWeight once past the last step or promoted fully.
func currentSetWeight(spec Spec, st Status) int32 {
	switch {
	case st.Aborted:
		return 0
	case st.PromoteFull || st.Completed || int(st.CurrentStepIndex) >= len(spec.Canary.Steps):
		return maxWeight(spec)
	}
	return setWeightAtOrBefore(spec, st.CurrentStepIndex)
}

// setWeightAtOrBefore is the last setWeight at index i or earlier, 0 if none.
func setWeightAtOrBefore(spec Spec, i int32) int32 {
	steps := spec.Canary.Steps
	if int(i) >= len(steps) {
		i = int32(len(steps)) - 1
	}
	for ; i >= 0; i-- {
		if w := steps[i].SetWeight; w != nil {
			return *w
		}
	}
	return 0
}

// canaryScaleAt is the setCanaryScale in force (Argo's UseSetCanaryScale):
// the last one at or before the current step, nil after matchTrafficWeight,
// without a router, past the last step, on a full promotion, or on an abort
// (unless abortScaleDownDelaySeconds is 0, which keeps the canary as it is).
func canaryScaleAt(spec Spec, st Status) *SetCanaryScale {
	steps := spec.Canary.Steps
	if RouterOf(spec) == RouterNone || st.PromoteFull || st.Completed || int(st.CurrentStepIndex) >= len(steps) {
		return nil
	}
	if _, never := abortScaleDownDelay(spec); st.Aborted && !never {
		return nil
	}
	for i := st.CurrentStepIndex; i >= 0; i-- {
		if c := steps[i].SetCanaryScale; c != nil {
			if c.MatchTrafficWeight {
				return nil
			}
			v := *c
			return &v
		}
	}
	return nil
}
