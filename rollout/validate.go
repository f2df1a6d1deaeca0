package rollout

import (
	"errors"
	"fmt"
)

// Validate checks spec the way Argo Rollouts' validation does for the
// fields the core reads: one action per step, weights within 0..maxWeight,
// setCanaryScale and dynamicStableScale only with a traffic router, metric
// conditions that parse, an interval whenever count > 1, known data-plane
// queries, and a background startingStep within the steps. It returns every
// problem found, joined.
func Validate(spec Spec) error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	c := spec.Canary
	router := RouterOf(spec) != RouterNone
	mw := maxWeight(spec)
	if spec.Replicas < 0 {
		bad("replicas %d is negative", spec.Replicas)
	}
	if c.DynamicStableScale && !router {
		bad("dynamicStableScale needs trafficRouting")
	}
	for i, s := range c.Steps {
		n := 0
		for _, set := range []bool{s.SetWeight != nil, s.Pause != nil, s.SetCanaryScale != nil, s.Analysis != nil} {
			if set {
				n++
			}
		}
		if n != 1 {
			bad("step %d: want exactly one of setWeight, pause, setCanaryScale, analysis; got %d", i, n)
		}
		if w := s.SetWeight; w != nil && (*w < 0 || *w > mw) {
			bad("step %d: setWeight %d is outside 0..%d", i, *w, mw)
		}
		if cs := s.SetCanaryScale; cs != nil {
			if !router {
				bad("step %d: setCanaryScale needs trafficRouting", i)
			}
			if w := cs.Weight; w != nil && (*w < 0 || *w > mw) {
				bad("step %d: setCanaryScale weight %d is outside 0..%d", i, *w, mw)
			}
			if r := cs.Replicas; r != nil && *r < 0 {
				bad("step %d: setCanaryScale replicas %d is negative", i, *r)
			}
		}
		if s.Analysis != nil {
			errs = append(errs, validateMetrics(fmt.Sprintf("step %d analysis", i), s.Analysis.Metrics)...)
		}
	}
	if ba := c.Analysis; ba != nil {
		errs = append(errs, validateMetrics("background analysis", ba.Metrics)...)
		if st := ba.StartingStep; st != nil && (*st < 0 || int(*st) > len(c.Steps)) {
			bad("background analysis startingStep %d is outside 0..%d", *st, len(c.Steps))
		}
	}
	return errors.Join(errs...)
}

func validateMetrics(where string, metrics []Metric) []error {
	var errs []error
	seen := map[string]bool{}
	for _, m := range metrics {
		at := fmt.Sprintf("%s metric %q", where, m.Name)
		if m.Name == "" || seen[m.Name] {
			errs = append(errs, fmt.Errorf("%s: names must be unique and non-empty", at))
		}
		seen[m.Name] = true
		for _, cond := range []string{m.SuccessCondition, m.FailureCondition} {
			if cond == "" {
				continue
			}
			if err := ParseCondition(cond); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", at, err))
			}
		}
		if m.Count != nil && *m.Count > 1 && m.Interval == 0 {
			errs = append(errs, fmt.Errorf("%s: count %d needs an interval", at, *m.Count))
		}
		q := m.Provider.DataPlane
		switch {
		case q == nil:
			errs = append(errs, fmt.Errorf("%s: no provider (want dataPlane)", at))
		case q.Query != QuerySuccessRate && q.Query != QueryErrorRate && q.Query != QueryLatency:
			errs = append(errs, fmt.Errorf("%s: unknown query %q", at, q.Query))
		case q.Version != "" && q.Version != VersionCanary && q.Version != VersionStable:
			errs = append(errs, fmt.Errorf("%s: unknown version %q", at, q.Version))
		case q.Query == QueryLatency && (q.Quantile <= 0 || q.Quantile >= 1):
			errs = append(errs, fmt.Errorf("%s: latency quantile %v is outside (0, 1)", at, q.Quantile))
		}
	}
	return errs
}
