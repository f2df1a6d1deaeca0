package rollout

import (
	"fmt"
	"strconv"
	"time"
)

// Analysis semantics follow Argo Rollouts' AnalysisRun controller
// (analysis/analysis.go, utils/evaluate, docs/features/analysis.md):
// the first measurement is taken at InitialDelay after the run starts, each
// next one Interval after the previous; a metric stops after Count
// measurements (nil Count: one when there is no Interval, never otherwise);
// it fails once Failed > FailureLimit and is inconclusive once Inconclusive >
// InconclusiveLimit. The run takes the worst phase of its metrics.

// effectiveCount is how many measurements a metric takes; -1 is unbounded.
// Without an interval a metric measures once whatever its count (Argo's
// validation requires an interval when count > 1).
func effectiveCount(m Metric) int32 {
	switch {
	case m.Interval == 0:
		return 1
	case m.Count != nil:
		return *m.Count
	}
	return -1
}

// nextDue is when metric m next measures; ok is false when it is done.
func nextDue(run AnalysisRun, m Metric, res MetricResult) (time.Time, bool) {
	if res.Phase != AnalysisRunning && res.Phase != "" {
		return time.Time{}, false
	}
	n := int32(len(res.Measurements))
	if c := effectiveCount(m); c >= 0 && n >= c {
		return time.Time{}, false
	}
	if n == 0 {
		return run.StartedAt.Add(m.InitialDelay.D()), true
	}
	return res.Measurements[n-1].At.Add(m.Interval.D()), true
}

// MeasurementPhase classifies one value as Argo's EvaluateResult does: with
// neither condition every measurement succeeds; with only a success
// condition, false means Failed; with only a failure condition, false means
// Successful; with both, failure wins, then success, else Inconclusive. A
// measurement with no data (ok false) is Inconclusive. A condition that does
// not parse makes the measurement Failed (the validator rejects such specs).
func MeasurementPhase(m Metric, value float64, ok bool) (AnalysisPhase, error) {
	if !ok {
		return AnalysisInconclusive, nil
	}
	var succ, fail bool
	var err error
	if m.SuccessCondition != "" {
		if succ, err = EvalCondition(m.SuccessCondition, value); err != nil {
			return AnalysisFailed, fmt.Errorf("evaluate successCondition of metric %q: %w", m.Name, err)
		}
	}
	if m.FailureCondition != "" {
		if fail, err = EvalCondition(m.FailureCondition, value); err != nil {
			return AnalysisFailed, fmt.Errorf("evaluate failureCondition of metric %q: %w", m.Name, err)
		}
	}
	switch {
	case m.SuccessCondition == "" && m.FailureCondition == "":
		return AnalysisSuccessful, nil
	case m.FailureCondition == "":
		fail = !succ
	case m.SuccessCondition == "":
		succ = !fail
	}
	switch {
	case fail:
		return AnalysisFailed, nil
	case succ:
		return AnalysisSuccessful, nil
	}
	return AnalysisInconclusive, nil
}

// metricPhase assesses a metric after its measurements so far.
func metricPhase(m Metric, res MetricResult) AnalysisPhase {
	if m.FailureLimit != nil && res.Failed > *m.FailureLimit || m.FailureLimit == nil && res.Failed > 0 {
		return AnalysisFailed
	}
	if m.InconclusiveLimit != nil && res.Inconclusive > *m.InconclusiveLimit || m.InconclusiveLimit == nil && res.Inconclusive > 0 {
		return AnalysisInconclusive
	}
	if c := effectiveCount(m); c >= 0 && int32(len(res.Measurements)) >= c {
		return AnalysisSuccessful
	}
	return AnalysisRunning
}

// runPhase is the worst phase of the metrics: Failed, then Inconclusive,
// then Running; Successful only when every metric is.
func runPhase(run AnalysisRun) AnalysisPhase {
	worst := AnalysisSuccessful
	rank := map[AnalysisPhase]int{AnalysisSuccessful: 0, AnalysisRunning: 1, AnalysisInconclusive: 2, AnalysisFailed: 3}
	for _, r := range run.Metrics {
		if rank[r.Phase] > rank[worst] {
			worst = r.Phase
		}
	}
	return worst
}

// newRun starts an analysis run of metrics at now.
func newRun(now time.Time, step int32, background bool, metrics []Metric) AnalysisRun {
	run := AnalysisRun{StepIndex: step, Background: background, StartedAt: now, Phase: AnalysisRunning}
	for _, m := range metrics {
		p := AnalysisRunning
		if effectiveCount(m) == 0 {
			p = AnalysisSuccessful // count: 0 measures nothing
		}
		run.Metrics = append(run.Metrics, MetricResult{Name: m.Name, Phase: p})
	}
	run.Phase = runPhase(run)
	return run
}

// measureRun takes every measurement of run that is due at now (at most one
// per metric, taken at now, as Argo does when it reconciles late) and
// updates the phases. It returns the events that happened.
func measureRun(now time.Time, run *AnalysisRun, metrics []Metric, src MetricSource, step int32) []Event {
	if run.Phase != AnalysisRunning {
		return nil
	}
	var evs []Event
	for i, m := range metrics {
		if i >= len(run.Metrics) {
			break
		}
		res := &run.Metrics[i]
		due, ok := nextDue(*run, m, *res)
		if !ok || due.After(now) {
			continue
		}
		value, has := measure(now, m, src)
		phase, err := MeasurementPhase(m, value, has)
		res.Measurements = append(res.Measurements, Measurement{At: now, Value: value, OK: has, Phase: phase})
		switch phase {
		case AnalysisSuccessful:
			res.Successful++
		case AnalysisFailed:
			res.Failed++
		default:
			res.Inconclusive++
		}
		res.Phase = metricPhase(m, *res)
		msg := fmt.Sprintf("metric %s: value %s, %s", m.Name, formatValue(value, has), phase)
		if err != nil {
			msg += ": " + err.Error()
		}
		evs = append(evs, Event{At: now, Type: EventAnalysisMeasured, Step: step, Message: msg})
	}
	if run.Phase = runPhase(*run); run.Phase != AnalysisRunning {
		evs = append(evs, Event{At: now, Type: EventAnalysisDone, Step: step, Message: runMessage(*run)})
	}
	return evs
}

// measure queries src for metric m's window ending at now.
func measure(now time.Time, m Metric, src MetricSource) (float64, bool) {
	q := m.Provider.DataPlane
	if q == nil || src == nil {
		return 0, false
	}
	window := q.Window.D()
	if window == 0 {
		window = m.Interval.D()
	}
	if window == 0 {
		window = DefaultAnalysisWindow
	}
	return src.Measure(*q, now.Add(-window), now)
}

// terminateRun stops a running run: metrics still running end Successful,
// as Argo does for a terminated run that saw no failure.
func terminateRun(run *AnalysisRun) {
	if run.Phase != AnalysisRunning {
		return
	}
	for i := range run.Metrics {
		if run.Metrics[i].Phase == AnalysisRunning {
			run.Metrics[i].Phase = AnalysisSuccessful
		}
	}
	run.Phase = runPhase(*run)
}

// runNextDue is the earliest next measurement of a running run.
func runNextDue(run AnalysisRun, metrics []Metric) (time.Time, bool) {
	var best time.Time
	found := false
	if run.Phase != AnalysisRunning {
		return best, false
	}
	for i, m := range metrics {
		if i >= len(run.Metrics) {
			break
		}
		if t, ok := nextDue(run, m, run.Metrics[i]); ok && (!found || t.Before(best)) {
			best, found = t, true
		}
	}
	return best, found
}

// firstMetricWith names the first metric in phase p.
func firstMetricWith(run AnalysisRun, p AnalysisPhase) string {
	for _, r := range run.Metrics {
		if r.Phase == p {
			return r.Name
		}
	}
	return ""
}

func runMessage(run AnalysisRun) string {
	kind := "step analysis"
	if run.Background {
		kind = "background analysis"
	}
	if name := firstMetricWith(run, run.Phase); run.Phase != AnalysisSuccessful && name != "" {
		return fmt.Sprintf("%s %s: metric %s", kind, run.Phase, name)
	}
	return fmt.Sprintf("%s %s", kind, run.Phase)
}

func formatValue(v float64, ok bool) string {
	if !ok {
		return "no data"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
