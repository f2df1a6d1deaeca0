package reports

import (
	"fmt"

	"github.com/canarylab/canarylab/reports/stats"
)

// AggregateFigures are the headline figures over trials, each the mean with
// a 95 % Student t interval over the trials that have it (stats.MeanT, lower
// bound clipped at 0) and its median.
type AggregateFigures struct {
	// Steps has one entry per step span, matched across trials by step
	// index, weight and occurrence.
	Steps []AggregateStep `json:"steps"`
	// ConnRefused is Shutdown.ConnRefused (refused errors attributed to pod
	// terminations) per trial.
	ConnRefused stats.Estimate `json:"connRefused"`
	// Evictions429 is PDB.Evictions429 per trial.
	Evictions429 stats.Estimate `json:"evictions429"`
	// BlockedSeconds is PDB.BlockedSeconds per trial.
	BlockedSeconds stats.Estimate `json:"blockedSeconds"`
	// RollbackLatencySeconds is over the trials that aborted (N says how
	// many).
	RollbackLatencySeconds stats.Estimate `json:"rollbackLatencySeconds"`
	// Errors has the per-trial error counts by kind.
	Errors AggregateErrors `json:"errors"`
}

// AggregateStep is one step's canary share over trials.
type AggregateStep struct {
	// Step is the rollout step index.
	Step int32 `json:"step"`
	// ConfiguredWeight is the canary weight in percent.
	ConfiguredWeight int32 `json:"configuredWeight"`
	// ExpectedShare is the canary share the configuration implies.
	ExpectedShare float64 `json:"expectedShare"`
	// CanaryShare is StepResult.CanaryShare per trial.
	CanaryShare stats.Estimate `json:"canaryShare"`
	// Failed counts the trials whose test of this step failed.
	Failed int `json:"failed"`
}

// AggregateErrors holds per-trial error counts by kind.
type AggregateErrors struct {
	// Refused is ErrorCounts.Refused per trial.
	Refused stats.Estimate `json:"refused"`
	// Reset is ErrorCounts.Reset per trial.
	Reset stats.Estimate `json:"reset"`
	// Timeout is ErrorCounts.Timeout per trial.
	Timeout stats.Estimate `json:"timeout"`
	// Status5xx is ErrorCounts.Status5xx per trial.
	Status5xx stats.Estimate `json:"5xx"`
	// Total is ErrorCounts.Total per trial.
	Total stats.Estimate `json:"total"`
}

// TrialResult summarises one trial of an aggregate with the trial report's
// own figures.
type TrialResult struct {
	// Trial numbers the trials from 1 in the order given to Aggregate.
	Trial int `json:"trial"`
	// Seed is the trial's seed.
	Seed int64 `json:"seed"`
	// Verdict is the trial's verdict.
	Verdict string `json:"verdict"`
	// Requests is the trial's request count.
	Requests int `json:"requests"`
	// CanaryShares are the trial's step shares, in step-span order.
	CanaryShares []float64 `json:"canaryShares"`
	// Errors is the trial's ErrorCounts.
	Errors ErrorCounts `json:"errors"`
	// ConnRefused is the trial's Shutdown.ConnRefused.
	ConnRefused int `json:"connRefused"`
	// Evictions429 is the trial's PDB.Evictions429.
	Evictions429 int `json:"evictions429"`
	// BlockedSeconds is the trial's PDB.BlockedSeconds.
	BlockedSeconds float64 `json:"blockedSeconds"`
	// RollbackLatencySeconds is the trial's Rollback.LatencySeconds (null
	// without an abort).
	RollbackLatencySeconds *float64 `json:"rollbackLatencySeconds"`
	// Reasons are the trial's failed assertions.
	Reasons []string `json:"reasons"`
}

// Aggregate combines the reports of repeated trials of one scenario: the
// identity fields come from the first, Requests and Errors are summed, the
// headline figures are summarised over trials in Aggregate and each trial in
// TrialResults. The verdict fails when any trial failed; each reason is
// prefixed with its trial. Aggregate of one report returns it unchanged.
func Aggregate(reports []*Report) *Report {
	if len(reports) == 0 {
		return &Report{Verdict: VerdictPass, Reasons: []string{}}
	}
	if len(reports) == 1 {
		return reports[0]
	}
	first := reports[0]
	out := &Report{
		Scenario: first.Scenario, File: first.File, Backend: first.Backend, DataPlane: first.DataPlane,
		Seed: first.Seed, Trials: len(reports), Alpha: first.Alpha, Reasons: []string{},
	}
	var connRefused, e429, blocked, rollback, refused, reset, timeout, s5xx, total, dur []float64
	for i, r := range reports {
		out.Requests += r.Requests
		out.Errors = out.Errors.plus(r.Errors)
		dur = append(dur, r.DurationSeconds)
		tr := TrialResult{Trial: i + 1, Seed: r.Seed, Verdict: r.Verdict, Requests: r.Requests,
			CanaryShares: []float64{}, Errors: r.Errors, Reasons: r.Reasons}
		for _, s := range r.Steps {
			tr.CanaryShares = append(tr.CanaryShares, s.CanaryShare)
		}
		if r.Shutdown != nil {
			tr.ConnRefused = r.Shutdown.ConnRefused
		}
		if r.PDB != nil {
			tr.Evictions429, tr.BlockedSeconds = r.PDB.Evictions429, r.PDB.BlockedSeconds
		}
		if r.Rollback != nil && r.Rollback.Aborted {
			tr.RollbackLatencySeconds = r.Rollback.LatencySeconds
			rollback = append(rollback, *r.Rollback.LatencySeconds)
		}
		connRefused = append(connRefused, float64(tr.ConnRefused))
		e429 = append(e429, float64(tr.Evictions429))
		blocked = append(blocked, tr.BlockedSeconds)
		refused = append(refused, float64(r.Errors.Refused))
		reset = append(reset, float64(r.Errors.Reset))
		timeout = append(timeout, float64(r.Errors.Timeout))
		s5xx = append(s5xx, float64(r.Errors.Status5xx))
		total = append(total, float64(r.Errors.Total))
		out.TrialResults = append(out.TrialResults, tr)
		for _, reason := range r.Reasons {
			out.Reasons = append(out.Reasons, fmt.Sprintf("trial %d (seed %d): %s", i+1, r.Seed, reason))
		}
	}
	out.DurationSeconds = round(stats.MeanT(dur, 0.95).Mean)
	if out.Requests > 0 {
		out.ErrorRate = round(float64(out.Errors.Total) / float64(out.Requests))
	}
	out.Verdict = verdictOf(out.Reasons)
	out.Aggregate = &AggregateFigures{
		Steps:                  aggregateSteps(reports),
		ConnRefused:            estimate(connRefused),
		Evictions429:           estimate(e429),
		BlockedSeconds:         estimate(blocked),
		RollbackLatencySeconds: estimate(rollback),
		Errors: AggregateErrors{Refused: estimate(refused), Reset: estimate(reset),
			Timeout: estimate(timeout), Status5xx: estimate(s5xx), Total: estimate(total)},
	}
	return out
}

// aggregateSteps matches step spans across trials by (step, weight,
// occurrence) in order of first appearance.
func aggregateSteps(reports []*Report) []AggregateStep {
	type span struct {
		step, weight int32
		expected     float64
	}
	type key struct {
		span
		nth int
	}
	index := map[key]int{}
	var steps []AggregateStep
	var shares [][]float64
	for _, r := range reports {
		seen := map[span]int{}
		for _, s := range r.Steps {
			// Only tested spans carry a share: untested ones (transitions
			// that never settled, too few requests) differ from trial to
			// trial and would pair unlike spans.
			if !s.Tested {
				continue
			}
			sp := span{s.Step, s.ConfiguredWeight, s.ExpectedShare}
			k := key{sp, seen[sp]}
			seen[sp]++
			i, ok := index[k]
			if !ok {
				i = len(steps)
				index[k] = i
				steps = append(steps, AggregateStep{Step: s.Step, ConfiguredWeight: s.ConfiguredWeight, ExpectedShare: s.ExpectedShare})
				shares = append(shares, nil)
			}
			shares[i] = append(shares[i], s.CanaryShare)
			if !s.Pass {
				steps[i].Failed++
			}
		}
	}
	for i := range steps {
		steps[i].CanaryShare = estimate(shares[i])
	}
	if steps == nil {
		steps = []AggregateStep{}
	}
	return steps
}

// estimate is stats.MeanT at 95 % with every figure rounded and the lower
// bound clipped at 0: every aggregated figure (shares, counts, seconds) is
// non-negative, and a t interval over few trials can cross zero.
func estimate(xs []float64) stats.Estimate {
	e := stats.MeanT(xs, 0.95)
	e.Mean, e.Lo, e.Hi, e.Median = round(e.Mean), round(max(0, e.Lo)), round(e.Hi), round(e.Median)
	return e
}
