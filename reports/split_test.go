package reports

import (
	"math"
	"testing"

	"github.com/canarylab/canarylab/loadgen"
	"github.com/canarylab/canarylab/scenarios"
)

func splitScenario(minRequests int) *scenarios.Scenario {
	return &scenarios.Scenario{Spec: scenarios.Spec{Assertions: scenarios.Assertions{
		Split: &scenarios.SplitAssertion{Alpha: 0.05, MinRequests: minRequests}}}}
}

// records makes canary then stable served requests from start, 0.01 s
// apart, on connection conn (client = conn).
func records(start float64, canary, stable int, conn uint64) []loadgen.Record {
	var out []loadgen.Record
	for i := range canary + stable {
		v := "stable"
		if i < canary {
			v = "canary"
		}
		r := served(start+float64(i)*0.01, v, conn)
		r.Client = int(conn)
		out = append(out, r)
	}
	return out
}

func TestSplitSteps(t *testing.T) {
	span := scenarios.StepSpan{Step: 3, Weight: 20, ExpectedShare: 0.2, From: at(0), SettledAt: at(1), To: at(10)}
	tests := []struct {
		name      string
		span      func(s scenarios.StepSpan) scenarios.StepSpan
		recs      []loadgen.Record
		minReq    int
		n, k      int
		tested    bool
		pass      bool
		p, lo, hi float64 // p < 0 means null
		test      string
		deff      float64
		clusters  int
	}{
		// Intervals: Clopper-Pearson (R: binom.test(k, n)$conf.int) for the
		// exact test, Wilson at the effective n for the clustered one.
		// R: binom.test(30, 100, 0.2): p = 0.01694536, CI [0.2124064, 0.3998147].
		{name: "30 of 100 at 0.2 fails", recs: records(1, 30, 70, 1), minReq: 100, n: 100, k: 30,
			tested: true, pass: false, p: 0.01694536, lo: 0.2124064, hi: 0.3998147, test: TestExactBinomial, deff: 1, clusters: 1},
		// 50 requests < minRequests 100: reported, not tested, pass.
		{name: "too few requests", recs: records(1, 30, 20, 1), minReq: 100, n: 50, k: 30,
			tested: false, pass: true, p: -1, lo: 0.451794, hi: 0.735922, test: TestExactBinomial, deff: 1, clusters: 1},
		// Window edges: a request at SettledAt (1) counts, one at To (10)
		// and one before SettledAt do not, nor failures or unknown versions:
		// 7 canary of 35 counted -> p = 1 (7 = 0.2·35 is the mode).
		{name: "window and served only", minReq: 10, n: 35, k: 7, tested: true, pass: true,
			recs: append(records(1, 7, 28, 2),
				served(10, "canary", 2), served(0.99, "canary", 2),
				failed(2, 0, loadgen.ErrRefused, "canary-pod", "w"),
				loadgen.Record{Start: at(3), Version: "canary", Code: 503},
				loadgen.Record{Start: at(3), Version: "other", Code: 200}),
			p: 1, lo: 0.0844060, hi: 0.3693788, test: TestExactBinomial, deff: 1, clusters: 1},
		// Expected 0 is tested exactly whatever the count: one canary
		// request among 5 refutes it (p = 0).
		{name: "weight 0 with a canary request", span: func(s scenarios.StepSpan) scenarios.StepSpan {
			s.Weight, s.ExpectedShare, s.PerConnection = 0, 0, true
			return s
		}, recs: records(1, 1, 4, 1), minReq: 100, n: 5, k: 1, tested: true, pass: false,
			p: 0, lo: 0.00505076, hi: 0.716418, test: TestExactBinomial, deff: 1, clusters: 1},
		// Sessions pinned per client: clients (canary/total) 3/4, 1/4,
		// 0/4, 0/4: share 0.25, residuals 2, 0, -1, -1, sum of squares 6;
		// variance 4/3·6/256 = 0.03125; binomial 0.1875/16 = 0.01171875;
		// deff = 2.6666667; z = -0.25/sqrt(2.6666667·0.25/16) = -1.2247449,
		// p = 0.2206714 (not reported: too few clusters). Interval Wilson(0.25, 16/2.6666667 = 6).
		{name: "client clustered", span: func(s scenarios.StepSpan) scenarios.StepSpan {
			s.Weight, s.ExpectedShare, s.ClusterBy = 50, 0.5, ClusterByClient
			return s
		}, recs: append(append(append(records(1, 3, 1, 1), records(2, 1, 3, 2)...), records(3, 0, 4, 3)...), records(4, 0, 4, 4)...),
			// Four clients are fewer than MinClusters: the step is reported
			// but not tested (stats tests the clustered p-value itself).
			minReq: 10, n: 16, k: 4, tested: false, pass: true, p: -1, lo: 0.0599897, hi: 0.6351774,
			test: TestClientClustered, deff: 2.66667, clusters: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sp := span
			if tt.span != nil {
				sp = tt.span(sp)
			}
			tr := &scenarios.Trace{Start: t0, End: at(20), Records: tt.recs, Steps: []scenarios.StepSpan{sp}}
			s := Build(splitScenario(tt.minReq), tr, 1).Steps[0]
			if s.Requests != tt.n || s.CanaryRequests != tt.k {
				t.Fatalf("counted %d/%d, want %d/%d", s.CanaryRequests, s.Requests, tt.k, tt.n)
			}
			if s.Tested != tt.tested || s.Pass != tt.pass || s.Test != tt.test {
				t.Errorf("tested %v pass %v test %q, want %v %v %q", s.Tested, s.Pass, s.Test, tt.tested, tt.pass, tt.test)
			}
			if (s.PValue == nil) != (tt.p < 0) || (s.PValue != nil && math.Abs(*s.PValue-tt.p) > 1e-6) {
				t.Errorf("p = %v, want %g", s.PValue, tt.p)
			}
			if math.Abs(s.CI95[0]-tt.lo) > 2e-6 || math.Abs(s.CI95[1]-tt.hi) > 2e-6 {
				t.Errorf("ci95 = %v, want [%g, %g]", s.CI95, tt.lo, tt.hi)
			}
			if math.Abs(s.DesignEffect-tt.deff) > 1e-4 || s.Connections != tt.clusters {
				t.Errorf("deff %g over %d clusters, want %g over %d", s.DesignEffect, s.Connections, tt.deff, tt.clusters)
			}
		})
	}
}

// The golden trace's step 2 puts 80 of 200 requests on the canary, all on 4
// of 10 connections: the exact binomial would reject 0.5 (p = 0.0057), but
// the clustered test sees deff = 22.2222 (effective n 9) and does not, with a
// far wider interval: Wilson(0.4, 9) = [0.1603043, 0.6995248].
func TestClusteredStepWidensInterval(t *testing.T) {
	r := Build(goldenScenario(), goldenTrace(), 1)
	s := r.Steps[1]
	if s.Test != TestClustered || !s.Pass {
		t.Fatalf("step 2: test %q pass %v, want a passing clustered test", s.Test, s.Pass)
	}
	if math.Abs(s.DesignEffect-22.2222) > 1e-3 || math.Abs(s.CI95[0]-0.160304) > 1e-6 || math.Abs(s.CI95[1]-0.699525) > 1e-6 {
		t.Errorf("deff %g ci %v, want 22.2222 [0.160304, 0.699525]", s.DesignEffect, s.CI95)
	}
	// (1.959964 + 0.841621)·sqrt(22.2222·0.25/200) = 0.466931.
	if math.Abs(s.MinDetectableDeviation-0.466931) > 1e-6 {
		t.Errorf("min detectable deviation %g, want 0.466931", s.MinDetectableDeviation)
	}
}

// Two tested steps form one family: 39 canary of 100 at 0.5 has p =
// 0.0352002 (R: binom.test(39, 100, 0.5)), below alpha 0.05 on its own but
// above alpha/2 = 0.025, Holm's bound for the smaller of two p-values; the
// other step (50 of 100, p = 1) cannot be rejected either. So both pass and
// the split assertion holds; alone, the first step would fail.
func TestSplitStepsHolm(t *testing.T) {
	first := scenarios.StepSpan{Step: 0, Weight: 50, ExpectedShare: 0.5, From: at(0), SettledAt: at(0), To: at(10)}
	second := scenarios.StepSpan{Step: 2, Weight: 50, ExpectedShare: 0.5, From: at(10), SettledAt: at(10), To: at(20)}
	recs := append(records(0, 39, 61, 1), records(10, 50, 50, 2)...)
	both := Build(splitScenario(10), &scenarios.Trace{Start: t0, End: at(20), Records: recs, Steps: []scenarios.StepSpan{first, second}}, 1)
	if p := *both.Steps[0].PValue; math.Abs(p-0.0352002) > 1e-6 {
		t.Fatalf("p = %g, want 0.0352002", p)
	}
	if !both.Steps[0].Pass || !both.Steps[1].Pass || both.Verdict != VerdictPass {
		t.Errorf("two steps: pass %v/%v verdict %s %q, want both pass under Holm", both.Steps[0].Pass, both.Steps[1].Pass, both.Verdict, both.Reasons)
	}
	alone := Build(splitScenario(10), &scenarios.Trace{Start: t0, End: at(10), Records: records(0, 39, 61, 1), Steps: []scenarios.StepSpan{first}}, 1)
	if alone.Steps[0].Pass || alone.Verdict != VerdictFail {
		t.Errorf("one step: pass %v verdict %s, want the step to fail at alpha 0.05", alone.Steps[0].Pass, alone.Verdict)
	}
}
