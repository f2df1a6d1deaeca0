package rollout

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

// Argo's utils/evaluate EvaluateResult: the meaning of one measurement.
func TestMeasurementPhase(t *testing.T) {
	tests := []struct {
		name       string
		succ, fail string
		value      float64
		ok         bool
		want       AnalysisPhase
		wantErr    bool
	}{
		{"no conditions: successful", "", "", 0, true, AnalysisSuccessful, false},
		{"success only, true", "result >= 0.95", "", 0.97, true, AnalysisSuccessful, false},
		{"success only, false means failed", "result >= 0.95", "", 0.9, true, AnalysisFailed, false},
		{"failure only, false means successful", "", "result > 0.05", 0.01, true, AnalysisSuccessful, false},
		{"failure only, true", "", "result > 0.05", 0.1, true, AnalysisFailed, false},
		{"both, neither true: inconclusive", "result >= 0.95", "result < 0.8", 0.9, true, AnalysisInconclusive, false},
		{"both, failure wins", "result >= 0", "result < 0.8", 0.5, true, AnalysisFailed, false},
		{"both, success", "result >= 0.95", "result < 0.8", 0.99, true, AnalysisSuccessful, false},
		{"no data: inconclusive", "result >= 0.95", "", 0, false, AnalysisInconclusive, false},
		{"NaN fails a success-only comparison", "result >= 0.95", "", math.NaN(), true, AnalysisFailed, false},
		{"bad condition: failed with an error", "result >>", "", 1, true, AnalysisFailed, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := Metric{Name: "m", SuccessCondition: tc.succ, FailureCondition: tc.fail}
			got, err := MeasurementPhase(m, tc.value, tc.ok)
			if got != tc.want || (err != nil) != tc.wantErr {
				t.Errorf("got %s err %v, want %s (error %v)", got, err, tc.want, tc.wantErr)
			}
		})
	}
}

// seq measures values[i] at the i-th call, recording the windows asked for.
type seq struct {
	values  []float64
	n       int
	windows []string
}

func (s *seq) Measure(q DataPlaneQuery, from, to time.Time) (float64, bool) {
	s.windows = append(s.windows, fmt.Sprintf("%s..%s", from.Sub(t0), to.Sub(t0)))
	if s.n >= len(s.values) {
		return 0, false
	}
	v := s.values[s.n]
	s.n++
	return v, true
}

func analysisSpec(m Metric) Spec {
	m.Name = "success-rate"
	m.Provider = MetricProvider{DataPlane: &DataPlaneQuery{Query: QuerySuccessRate}}
	return Spec{Replicas: 4, Canary: CanaryStrategy{
		Steps: []Step{setWeight(25), {Analysis: &Analysis{Metrics: []Metric{m}}}, setWeight(50)},
	}}
}

// A step analysis measures at initialDelay, then every interval, count
// times; the requeue is exactly the next measurement; failed > failureLimit
// aborts, inconclusive > inconclusiveLimit pauses, all successful moves on.
func TestStepAnalysis(t *testing.T) {
	tests := []struct {
		name    string
		metric  Metric
		values  []float64
		want    string // outcome: "advanced", "aborted", "paused"
		at      time.Duration
		windows string
	}{
		{"3 good measurements 10s apart after a 5s delay",
			Metric{InitialDelay: Duration(5 * time.Second), Interval: Duration(10 * time.Second), Count: i32(3), SuccessCondition: "result >= 0.95"},
			[]float64{0.99, 0.97, 0.96}, "advanced", 25 * time.Second, "-5s..5s 5s..15s 15s..25s"},
		{"second failure exceeds failureLimit 1",
			Metric{Interval: Duration(10 * time.Second), Count: i32(5), FailureLimit: i32(1), SuccessCondition: "result >= 0.95"},
			[]float64{0.5, 0.99, 0.5}, "aborted", 20 * time.Second, "-10s..0s 0s..10s 10s..20s"},
		{"one failure within failureLimit 1 still succeeds",
			Metric{Interval: Duration(10 * time.Second), Count: i32(3), FailureLimit: i32(1), SuccessCondition: "result >= 0.95"},
			[]float64{0.99, 0.5, 0.99}, "advanced", 20 * time.Second, "-10s..0s 0s..10s 10s..20s"},
		{"default failureLimit 0: first failure aborts",
			Metric{Interval: Duration(10 * time.Second), Count: i32(3), SuccessCondition: "result >= 0.95"},
			[]float64{0.9}, "aborted", 0, "-10s..0s"},
		{"inconclusive beyond inconclusiveLimit 1 pauses",
			Metric{Interval: Duration(time.Minute), Count: i32(4), InconclusiveLimit: i32(1), SuccessCondition: "result >= 0.95", FailureCondition: "result < 0.5"},
			[]float64{0.9, 0.9}, "paused", time.Minute, "-1m0s..0s 0s..1m0s"},
		{"single measurement, no interval, window default 10s",
			Metric{SuccessCondition: "result >= 0.95"},
			[]float64{0.99}, "advanced", 0, "-10s..0s"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec := analysisSpec(tc.metric)
			w := newWorld(spec)
			src := &seq{values: tc.values}
			w.obs.Metrics = src
			var res Result
			for range 20 {
				var rq time.Duration
				res, rq = w.settle(t)
				if res.Status.Aborted || res.Status.Phase == PhasePaused || res.Status.CurrentStepIndex > 1 || rq == 0 {
					break
				}
				w.now = w.now.Add(rq)
			}
			st := res.Status
			var got string
			switch {
			case st.Aborted:
				got = "aborted"
				if st.AbortReason != "analysis success-rate failed" {
					t.Errorf("abort reason %q", st.AbortReason)
				}
			case st.Phase == PhasePaused:
				got = "paused"
				if st.PauseReason != PauseReasonInconclusive {
					t.Errorf("pause reason %q", st.PauseReason)
				}
			case st.CurrentStepIndex > 1:
				got = "advanced"
			}
			if got != tc.want || w.now.Sub(t0) != tc.at {
				t.Errorf("outcome %s at %s, want %s at %s", got, w.now.Sub(t0), tc.want, tc.at)
			}
			if ws := strings.Join(src.windows, " "); ws != tc.windows {
				t.Errorf("measured windows %s, want %s", ws, tc.windows)
			}
		})
	}
}

// promote on an inconclusive analysis step moves past it.
func TestPromoteInconclusiveStep(t *testing.T) {
	spec := analysisSpec(Metric{SuccessCondition: "result >= 0.95", FailureCondition: "result < 0.5"})
	w := newWorld(spec)
	w.obs.Metrics = constMetric(0.7)
	if res, _ := w.settle(t); res.Status.PauseReason != PauseReasonInconclusive || res.Status.CurrentStepIndex != 1 {
		t.Fatalf("want an inconclusive pause at step 1, got %+v", res.Status)
	}
	w.command(t, CommandPromote)
	if res, _ := w.settle(t); !res.Status.Completed {
		t.Errorf("after promote: %+v, want completed", res.Status)
	}
}

// Background analysis (docs/features/analysis.md): starts at startingStep,
// measures every interval without a count until the rollout ends, and a
// failure aborts the rollout wherever it is.
func TestBackgroundAnalysisAborts(t *testing.T) {
	spec := Spec{Replicas: 10, Canary: CanaryStrategy{
		TrafficRouting: nginxRouting(),
		Steps:          []Step{setWeight(10), pauseFor(time.Minute), setWeight(20), pauseFor(5 * time.Minute)},
		Analysis: &BackgroundAnalysis{StartingStep: i32(1), Analysis: Analysis{Metrics: []Metric{{
			Name: "error-rate", Interval: Duration(30 * time.Second), FailureCondition: "result > 0.05", FailureLimit: i32(1),
			Provider: MetricProvider{DataPlane: &DataPlaneQuery{Query: QueryErrorRate}},
		}}}},
	}}
	w := newWorld(spec)
	// Errors begin at 90s: measurements at 0s, 30s, 60s are fine, 90s and
	// 120s fail; the second failure exceeds failureLimit 1.
	w.obs.Metrics = metricFunc(func(_ DataPlaneQuery, _, to time.Time) (float64, bool) {
		if to.Sub(t0) >= 90*time.Second {
			return 0.2, true
		}
		return 0.01, true
	})
	var rqs []string
	for range 20 {
		res, rq := w.settle(t)
		if res.Status.Aborted {
			break
		}
		rqs = append(rqs, rq.String())
		w.now = w.now.Add(rq)
	}
	st := w.obs.Status
	if !st.Aborted || !st.AbortedAt.Equal(t0.Add(120*time.Second)) || st.AbortReason != "analysis error-rate failed" {
		t.Fatalf("status %+v, want aborted at 2m by error-rate", st)
	}
	if got := strings.Join(rqs, " "); got != "30s 30s 30s 30s" {
		t.Errorf("requeues %s, want 30s 30s 30s 30s (the background interval, shorter than the pauses)", got)
	}
	if w.obs.Weight != 0 || st.CurrentStepIndex != 3 {
		t.Errorf("weight %d step %d, want 0 at step 3 (the 5m pause)", w.obs.Weight, st.CurrentStepIndex)
	}
	run := st.Analyses[0]
	if !run.Background || run.Phase != AnalysisFailed || len(run.Metrics[0].Measurements) != 5 || run.Metrics[0].Failed != 2 {
		t.Errorf("background run %+v", run)
	}
}

// Background analysis that is still running when the rollout completes is
// terminated as Successful.
func TestBackgroundAnalysisEndsWithRollout(t *testing.T) {
	spec := Spec{Replicas: 2, Canary: CanaryStrategy{
		Steps: []Step{setWeight(50), pauseFor(time.Minute)},
		Analysis: &BackgroundAnalysis{Analysis: Analysis{Metrics: []Metric{{
			Name: "ok", Interval: Duration(20 * time.Second), SuccessCondition: "result >= 0.9",
			Provider: MetricProvider{DataPlane: &DataPlaneQuery{Query: QuerySuccessRate}},
		}}}},
	}}
	w := newWorld(spec)
	w.obs.Metrics = constMetric(1)
	for range 20 {
		_, rq := w.settle(t)
		if rq == 0 {
			break
		}
		w.now = w.now.Add(rq)
	}
	st := w.obs.Status
	if !st.Completed || !st.CompletedAt.Equal(t0.Add(time.Minute)) || st.Analyses[0].Phase != AnalysisSuccessful {
		t.Errorf("status %+v", st)
	}
	if n := len(st.Analyses[0].Metrics[0].Measurements); n != 4 { // 0s 20s 40s 60s
		t.Errorf("%d measurements, want 4", n)
	}
}

// Inconclusive background analysis pauses the rollout (Argo pauses on
// InconclusiveAnalysis); promote resumes it with a fresh background run.
func TestBackgroundInconclusivePromote(t *testing.T) {
	spec := Spec{Replicas: 10, Canary: CanaryStrategy{
		TrafficRouting: nginxRouting(),
		Steps:          []Step{setWeight(10), pauseFor(10 * time.Minute)},
		Analysis: &BackgroundAnalysis{Analysis: Analysis{Metrics: []Metric{{
			Name: "p99", Interval: Duration(time.Minute), InconclusiveLimit: i32(0),
			SuccessCondition: "result < 0.5", FailureCondition: "result > 2",
			Provider: MetricProvider{DataPlane: &DataPlaneQuery{Query: QueryLatency, Quantile: 0.99}},
		}}}},
	}}
	w := newWorld(spec)
	latency := 1.0 // between the conditions: inconclusive
	w.obs.Metrics = metricFunc(func(DataPlaneQuery, time.Time, time.Time) (float64, bool) { return latency, true })
	res, rq := w.settle(t)
	if res.Status.PauseReason != PauseReasonInconclusive || res.Status.Phase != PhasePaused || rq != 0 {
		t.Fatalf("want an inconclusive pause and nothing timed, got %+v requeue %v", res.Status, rq)
	}
	w.now = t0.Add(3 * time.Minute)
	latency = 0.1
	w.command(t, CommandPromote)
	res, rq = w.settle(t)
	if res.Status.Phase != PhasePaused || res.Status.PauseReason != PauseReasonStep || rq != time.Minute {
		t.Fatalf("after promote: %+v requeue %v, want the step pause with the next measurement in 1m", res.Status, rq)
	}
	if n := len(res.Status.Analyses); n != 1 || !res.Status.Analyses[0].StartedAt.Equal(w.now) {
		t.Errorf("analyses %+v, want one fresh background run started at promote", res.Status.Analyses)
	}
}
