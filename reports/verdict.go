package reports

import (
	"fmt"

	"github.com/canarylab/canarylab/scenarios"
)

// judge checks the scenario's assertions against r and returns one sentence
// per failed assertion, in a fixed order (split steps, connection refused,
// error rate, rollback, drains, phase).
func judge(sc *scenarios.Scenario, r *Report) []string {
	a := sc.Spec.Assertions
	reasons := []string{}
	fail := func(format string, args ...any) { reasons = append(reasons, fmt.Sprintf(format, args...)) }
	if a.Split != nil {
		for _, s := range r.Steps {
			if s.NotTested != "" {
				fail("step %d (weight %d%%): the split could not be tested: %s.", s.Step, s.ConfiguredWeight, s.NotTested)
			}
			if s.Tested && !s.Pass {
				fail("step %d (weight %d%%): canary share %.4g of %d requests differs from the expected %.4g (%s test p = %.3g, rejected at family-wise alpha %.3g with Holm's correction over the tested steps; 95%% CI [%.4g, %.4g]).",
					s.Step, s.ConfiguredWeight, s.CanaryShare, s.Requests, s.ExpectedShare, s.Test, *s.PValue, r.Alpha, s.CI95[0], s.CI95[1])
			}
		}
	}
	if a.MaxConnRefused != nil && r.Errors.Refused > *a.MaxConnRefused {
		fail("%d connection-refused errors exceed the maximum of %d (%d attributed to pod terminations).",
			r.Errors.Refused, *a.MaxConnRefused, r.Shutdown.ConnRefused)
	}
	if a.MinConnRefused != nil && r.Errors.Refused < *a.MinConnRefused {
		fail("%d connection-refused errors are fewer than the expected minimum of %d.", r.Errors.Refused, *a.MinConnRefused)
	}
	if a.MaxErrorRate != nil && r.ErrorRate > *a.MaxErrorRate {
		fail("error rate %.4g (%d of %d requests) exceeds the maximum of %.4g.", r.ErrorRate, r.Errors.Total, r.Requests, *a.MaxErrorRate)
	}
	if a.MaxRollbackLatency != nil {
		limit := a.MaxRollbackLatency.D().Seconds()
		switch rb := r.Rollback; {
		case !rb.Aborted:
			fail("rollback latency cannot be checked against %gs: the rollout was never aborted.", limit)
		case *rb.LatencySeconds > limit:
			fail("rollback latency %.4gs (abort at %.4gs, last canary request at %.4gs) exceeds the maximum of %gs.",
				*rb.LatencySeconds, *rb.AbortedAt, *rb.LastCanaryServedAt, limit)
		}
	}
	if d := a.Drain; d != nil {
		judgeDrain(d, r.PDB, fail)
	}
	if w := a.NodeLossWindow; w != nil {
		judgeNodeLoss(w, r.NodeLoss, fail)
	}
	if a.Phase != "" && r.Rollout.Phase != a.Phase {
		fail("rollout phase is %q at the end, expected %q.", r.Rollout.Phase, a.Phase)
	}
	return reasons
}

// judgeDrain checks the drain assertions.
func judgeDrain(d *scenarios.DrainAssertion, p *PDBResult, fail func(string, ...any)) {
	if d.Blocked != nil && *d.Blocked && p.Evictions429 == 0 {
		fail("no eviction was refused with 429, but a PodDisruptionBudget was expected to block the drain.")
	}
	if d.Blocked != nil && !*d.Blocked && p.Evictions429 > 0 {
		fail("%d evictions were refused with 429 (drains blocked %.4gs), but no blocking was expected.", p.Evictions429, p.BlockedSeconds)
	}
	if d.MinEvictions429 != nil && p.Evictions429 < *d.MinEvictions429 {
		fail("%d evictions were refused with 429, fewer than the expected minimum of %d.", p.Evictions429, *d.MinEvictions429)
	}
	if d.Completes == nil {
		return
	}
	unfinished := 0
	for _, dr := range p.Drains {
		if dr.Status != DrainDone {
			unfinished++
		}
	}
	switch {
	case *d.Completes && len(p.Drains) == 0:
		fail("no drain ran, but every drain was expected to complete.")
	case *d.Completes && unfinished > 0:
		fail("%d of %d drains did not complete (timed out or still running at the end).", unfinished, len(p.Drains))
	case !*d.Completes && len(p.Drains) > 0 && unfinished == 0:
		fail("all %d drains completed, but a drain was expected not to.", len(p.Drains))
	}
}

// judgeNodeLoss checks every node loss's error window against w.
func judgeNodeLoss(w *scenarios.WindowAssertion, losses []NodeLoss, fail func(string, ...any)) {
	if len(losses) == 0 {
		fail("no node was killed, stopped or paused, but a node-loss error window was expected.")
		return
	}
	for _, nl := range losses {
		if nl.ErrorWindowSeconds == nil {
			if w.Min != nil {
				fail("node %s %s at %.4gs caused no error, but an error window of at least %gs was expected.", nl.Action, nl.Node, nl.At, w.Min.D().Seconds())
			}
			continue
		}
		win := *nl.ErrorWindowSeconds
		if w.Min != nil && win < w.Min.D().Seconds() {
			fail("node %s %s: error window %.4gs (%d errors) is shorter than the expected minimum of %gs.", nl.Action, nl.Node, win, nl.Errors.Total, w.Min.D().Seconds())
		}
		if w.Max != nil && win > w.Max.D().Seconds() {
			fail("node %s %s: error window %.4gs (%d errors) exceeds the maximum of %gs.", nl.Action, nl.Node, win, nl.Errors.Total, w.Max.D().Seconds())
		}
	}
}
