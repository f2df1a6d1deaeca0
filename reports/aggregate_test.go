package reports

import (
	"math"
	"testing"
)

// Four trials with canary shares 0.18, 0.22, 0.20, 0.21 at step 1: mean
// 0.2025, t interval [0.1753247, 0.2296753] (s = 0.0170783, t_{0.975,3} =
// 3.182446), median 0.205. Rollback latency in trials 1 and 2 only (2 and
// 4 s): mean 3, s = 1.4142136, t_{0.975,1} = 12.706205, half 12.706205 ->
// [0 (clipped from -9.706), 15.706205]. Trial 3 fails, so the aggregate
// fails with its reason prefixed.
func TestAggregate(t *testing.T) {
	shares := []float64{0.18, 0.22, 0.20, 0.21}
	var reports []*Report
	for i, s := range shares {
		r := &Report{Scenario: "agg", Seed: int64(10 + i), Trials: 1, Requests: 100, Verdict: VerdictPass, Reasons: []string{},
			Steps: []StepResult{
				{Step: 0, ConfiguredWeight: 20, ExpectedShare: 0.1, CanaryShare: 0, Pass: true}, // untested transition: not aggregated
				{Step: 1, ConfiguredWeight: 20, ExpectedShare: 0.2, CanaryShare: s, Tested: true, Pass: true}},
			Errors:   ErrorCounts{Refused: i, Total: i},
			Shutdown: &Shutdown{ConnRefused: i}, PDB: &PDBResult{Evictions429: 2 * i, BlockedSeconds: 5},
			Rollback: &Rollback{}}
		if i < 2 {
			l := float64(2 * (i + 1))
			r.Rollback = &Rollback{Aborted: true, LatencySeconds: &l}
		}
		if i == 2 {
			r.Verdict, r.Reasons = VerdictFail, []string{"something failed."}
		}
		reports = append(reports, r)
	}
	a := Aggregate(reports)
	if a.Trials != 4 || a.Requests != 400 || a.Errors.Refused != 6 || a.Verdict != VerdictFail {
		t.Fatalf("trials %d requests %d refused %d verdict %s", a.Trials, a.Requests, a.Errors.Refused, a.Verdict)
	}
	if len(a.Reasons) != 1 || a.Reasons[0] != "trial 3 (seed 12): something failed." {
		t.Errorf("reasons = %q", a.Reasons)
	}
	if len(a.Aggregate.Steps) != 1 || a.Aggregate.Steps[0].Step != 1 {
		t.Fatalf("aggregate steps = %+v, want only the tested step 1", a.Aggregate.Steps)
	}
	st := a.Aggregate.Steps[0].CanaryShare
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"share mean", st.Mean, 0.2025}, {"share lo", st.Lo, 0.175325}, {"share hi", st.Hi, 0.229675},
		{"share median", st.Median, 0.205},
		{"rollback mean", a.Aggregate.RollbackLatencySeconds.Mean, 3},
		{"rollback lo", a.Aggregate.RollbackLatencySeconds.Lo, 0},
		{"rollback hi", a.Aggregate.RollbackLatencySeconds.Hi, 15.7062},
		{"connRefused mean", a.Aggregate.ConnRefused.Mean, 1.5},
		{"429 median", a.Aggregate.Evictions429.Median, 3},
		{"blocked hi", a.Aggregate.BlockedSeconds.Hi, 5},
	} {
		if math.Abs(c.got-c.want) > 1e-9 {
			t.Errorf("%s = %g, want %g", c.name, c.got, c.want)
		}
	}
	if a.Aggregate.RollbackLatencySeconds.N != 2 || len(a.TrialResults) != 4 || a.TrialResults[2].Verdict != VerdictFail {
		t.Errorf("rollback over %d trials, %d trial results", a.Aggregate.RollbackLatencySeconds.N, len(a.TrialResults))
	}
	if one := Aggregate(reports[:1]); one != reports[0] {
		t.Error("Aggregate of one report should return it")
	}
}
