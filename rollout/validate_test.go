package rollout

import (
	"strings"
	"testing"
	"time"
)

func TestValidate(t *testing.T) {
	okMetric := Metric{Name: "sr", Interval: Duration(time.Minute), Count: i32(3), SuccessCondition: "result >= 0.99",
		Provider: MetricProvider{DataPlane: &DataPlaneQuery{Query: QuerySuccessRate}}}
	with := func(f func(*Spec)) Spec {
		s := Spec{Replicas: 10, Canary: CanaryStrategy{TrafficRouting: nginxRouting(),
			Steps: []Step{setWeight(10), {SetCanaryScale: &SetCanaryScale{Replicas: i32(2)}}, pauseForever(),
				{Analysis: &Analysis{Metrics: []Metric{okMetric}}}}}}
		f(&s)
		return s
	}
	tests := []struct {
		name string
		spec Spec
		want string // substring of the error; "" for valid
	}{
		{"valid", with(func(*Spec) {}), ""},
		{"two actions in a step", with(func(s *Spec) { s.Canary.Steps[0].Pause = &Pause{} }), "exactly one"},
		{"empty step", with(func(s *Spec) { s.Canary.Steps[0] = Step{} }), "exactly one"},
		{"weight over max", with(func(s *Spec) { s.Canary.Steps[0] = setWeight(101) }), "outside 0..100"},
		{"weight within maxTrafficWeight 1000", with(func(s *Spec) {
			s.Canary.TrafficRouting.MaxTrafficWeight = i32(1000)
			s.Canary.Steps[0] = setWeight(500)
		}), ""},
		{"setCanaryScale without router", with(func(s *Spec) { s.Canary.TrafficRouting = nil }), "setCanaryScale needs trafficRouting"},
		{"dynamicStableScale without router", with(func(s *Spec) {
			s.Canary.TrafficRouting, s.Canary.Steps[1] = nil, pauseForever()
			s.Canary.DynamicStableScale = true
		}), "dynamicStableScale needs"},
		{"bad condition", with(func(s *Spec) { s.Canary.Steps[3].Analysis.Metrics[0].SuccessCondition = "result >" }), "parse condition"},
		{"count without interval", with(func(s *Spec) { s.Canary.Steps[3].Analysis.Metrics[0].Interval = 0 }), "needs an interval"},
		{"unknown query", with(func(s *Spec) {
			s.Canary.Steps[3].Analysis.Metrics[0].Provider.DataPlane = &DataPlaneQuery{Query: "p99"}
		}), "unknown query"},
		{"latency without quantile", with(func(s *Spec) {
			s.Canary.Steps[3].Analysis.Metrics[0].Provider.DataPlane = &DataPlaneQuery{Query: QueryLatency}
		}), "quantile"},
		{"background startingStep past the steps", with(func(s *Spec) {
			s.Canary.Analysis = &BackgroundAnalysis{StartingStep: i32(9), Analysis: Analysis{Metrics: []Metric{okMetric}}}
		}), "startingStep 9"},
		{"duplicate metric names", with(func(s *Spec) {
			s.Canary.Steps[3].Analysis.Metrics = []Metric{okMetric, okMetric}
		}), "unique"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Validate(tc.spec)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}
