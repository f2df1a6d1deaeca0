package reports

import (
	"slices"
	"testing"

	"github.com/canarylab/canarylab/loadgen"
	"github.com/canarylab/canarylab/rollout"
	"github.com/canarylab/canarylab/scenarios"
)

// verdictTrace: 100 requests of which 3 refused by a deleted pod (3 %), a
// rollout aborted at 10 with canary requests served from 12.5 to 12.79
// (latency 2.79 s), one drain of w1 blocked by one 429 from 20 to 25 and
// done, final phase Degraded, and a step at weight 20 with 30 of 97 served
// requests on the canary (R: binom.test(30, 97, 0.2): p = 0.01059, CI
// [0.2193, 0.4112]).
func verdictTrace() *scenarios.Trace {
	abort := at(10)
	tr := &scenarios.Trace{
		Records: records(12.5, 30, 67, 1),
		Events: []scenarios.Event{
			ev(1, scenarios.EventPodDeleted, "old", "w1"),
			ev(20, scenarios.EventDrainStarted, "w1", "w1"),
			ev(20, scenarios.EventEviction429, "p", "w1"),
			ev(25, scenarios.EventEvicted, "p", "w1"),
			ev(26, scenarios.EventDrainDone, "w1", "w1"),
		},
		Steps: []scenarios.StepSpan{{Step: 1, Weight: 20, ExpectedShare: 0.2, SettledAt: at(12), To: at(14)}},
		Final: rollout.Status{Phase: rollout.PhaseDegraded, Aborted: true, AbortedAt: &abort},
	}
	for i := range 3 {
		tr.Records = append(tr.Records, failed(2+float64(i), 0, loadgen.ErrRefused, "old", "w1"))
	}
	return tr
}

func TestVerdictReasons(t *testing.T) {
	tests := []struct {
		name string
		a    scenarios.Assertions
		want []string
	}{
		{"no assertions", scenarios.Assertions{}, nil},
		{"all hold", scenarios.Assertions{
			Split:          &scenarios.SplitAssertion{Alpha: 0.01},
			MaxConnRefused: ptr(3), MinConnRefused: ptr(3), MaxErrorRate: ptr(0.03),
			MaxRollbackLatency: dur(2.8),
			Drain:              &scenarios.DrainAssertion{Blocked: ptr(true), Completes: ptr(true), MinEvictions429: ptr(1)},
			Phase:              "Degraded",
		}, nil},
		{"split", scenarios.Assertions{Split: &scenarios.SplitAssertion{Alpha: 0.05, MinRequests: 50}}, []string{
			"step 1 (weight 20%): canary share 0.3093 of 97 requests differs from the expected 0.2 (exact binomial test p = 0.0106, rejected at family-wise alpha 0.05 with Holm's correction over the tested steps; 95% CI [0.2193, 0.4112])."}},
		{"refused bounds", scenarios.Assertions{MaxConnRefused: ptr(2), MinConnRefused: ptr(4)}, []string{
			"3 connection-refused errors exceed the maximum of 2 (3 attributed to pod terminations).",
			"3 connection-refused errors are fewer than the expected minimum of 4."}},
		{"error rate", scenarios.Assertions{MaxErrorRate: ptr(0.02)}, []string{
			"error rate 0.03 (3 of 100 requests) exceeds the maximum of 0.02."}},
		{"rollback", scenarios.Assertions{MaxRollbackLatency: dur(2)}, []string{
			"rollback latency 2.79s (abort at 10s, last canary request at 12.79s) exceeds the maximum of 2s."}},
		{"drain", scenarios.Assertions{Drain: &scenarios.DrainAssertion{Blocked: ptr(false), Completes: ptr(false), MinEvictions429: ptr(2)}}, []string{
			"1 evictions were refused with 429 (drains blocked 5s), but no blocking was expected.",
			"1 evictions were refused with 429, fewer than the expected minimum of 2.",
			"all 1 drains completed, but a drain was expected not to."}},
		{"phase", scenarios.Assertions{Phase: "Healthy"}, []string{`rollout phase is "Degraded" at the end, expected "Healthy".`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := verdictTrace()
			tr.Start, tr.End = t0, at(30)
			r := Build(&scenarios.Scenario{Spec: scenarios.Spec{Assertions: tt.a}}, tr, 1)
			if !slices.Equal(r.Reasons, tt.want) && !(len(r.Reasons) == 0 && len(tt.want) == 0) {
				t.Errorf("reasons:\n%q\nwant:\n%q", r.Reasons, tt.want)
			}
			wantVerdict := VerdictPass
			if len(tt.want) > 0 {
				wantVerdict = VerdictFail
			}
			if r.Verdict != wantVerdict {
				t.Errorf("verdict %s, want %s", r.Verdict, wantVerdict)
			}
		})
	}
}

func TestVerdictWithoutAbortOrDrain(t *testing.T) {
	a := scenarios.Assertions{MaxRollbackLatency: new(rollout.Duration), Drain: &scenarios.DrainAssertion{Completes: ptr(true)}}
	r := Build(&scenarios.Scenario{Spec: scenarios.Spec{Assertions: a}}, &scenarios.Trace{Start: t0, End: at(1)}, 1)
	want := []string{
		"rollback latency cannot be checked against 0s: the rollout was never aborted.",
		"no drain ran, but every drain was expected to complete.",
	}
	if !slices.Equal(r.Reasons, want) || r.Verdict != VerdictFail {
		t.Errorf("reasons %q verdict %s, want %q fail", r.Reasons, r.Verdict, want)
	}
}

// Node wk is killed at 5 s; requests on it time out, failing at 6 s and
// 16 s (start + latency): the error window is 10 s.
func TestVerdictNodeLossWindow(t *testing.T) {
	killed := &scenarios.Trace{Start: t0, End: at(30),
		Records: []loadgen.Record{failed(1, 5, loadgen.ErrTimeout, "p", "wk"), failed(6, 10, loadgen.ErrTimeout, "p", "wk")},
		Events:  []scenarios.Event{ev(5, scenarios.EventNodeKilled, "wk", "wk")}}
	tests := []struct {
		name string
		tr   *scenarios.Trace
		w    scenarios.WindowAssertion
		want []string
	}{
		{"within", killed, scenarios.WindowAssertion{Min: dur(5), Max: dur(20)}, nil},
		{"too short", killed, scenarios.WindowAssertion{Min: dur(12)}, []string{
			"node kill wk: error window 10s (2 errors) is shorter than the expected minimum of 12s."}},
		{"too long", killed, scenarios.WindowAssertion{Max: dur(8)}, []string{
			"node kill wk: error window 10s (2 errors) exceeds the maximum of 8s."}},
		{"no node lost", &scenarios.Trace{Start: t0, End: at(30)}, scenarios.WindowAssertion{Max: dur(8)}, []string{
			"no node was killed, stopped or paused, but a node-loss error window was expected."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := tt.w
			r := Build(&scenarios.Scenario{Spec: scenarios.Spec{Assertions: scenarios.Assertions{NodeLossWindow: &w}}}, tt.tr, 1)
			if !slices.Equal(r.Reasons, tt.want) && !(len(r.Reasons) == 0 && len(tt.want) == 0) {
				t.Errorf("reasons:\n%q\nwant:\n%q", r.Reasons, tt.want)
			}
		})
	}
}
