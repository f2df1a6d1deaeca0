package reports

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/canarylab/canarylab/reports/stats"
)

// Markdown renders a readable summary: header, verdict and reasons, the
// steps table, errors, shutdown, PDB, rollback and node loss (and, for an
// aggregate, the figures over trials and one row per trial).
func (r *Report) Markdown() []byte {
	var b bytes.Buffer
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("# canarylab report: %s\n\n", r.Scenario)
	w("- file: `%s`\n- backend: %s (data plane: %s)\n- seed: %d, trials: %d\n", r.File, r.Backend, r.DataPlane, r.Seed, r.Trials)
	w("- requests: %d over %ss\n\n", r.Requests, num(r.DurationSeconds))
	w("## Verdict: %s\n\n", strings.ToUpper(r.Verdict))
	for _, reason := range r.Reasons {
		w("- %s\n", reason)
	}
	if len(r.Reasons) > 0 {
		w("\n")
	}
	if len(r.Steps) > 0 {
		w("## Traffic split (alpha %s)\n\n", num(r.Alpha))
		w("| step | weight | expected | canary share | 95 %% CI | p-value | requests | canary | test | clusters | deff | min. detectable | pass |\n")
		w("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
		for _, s := range r.Steps {
			w("| %d | %d%% | %s | %s | [%s, %s] | %s | %d | %d | %s | %d | %s | %s | %s |\n",
				s.Step, s.ConfiguredWeight, num(s.ExpectedShare), num(s.CanaryShare), num(s.CI95[0]), num(s.CI95[1]),
				optNum(s.PValue, "not tested"), s.Requests, s.CanaryRequests, s.Test, s.Connections, num(s.DesignEffect),
				num(s.MinDetectableDeviation), yesNo(s.Pass))
		}
		w("\n")
	}
	e := r.Errors
	w("## Errors\n\n| refused | reset | timeout | 5xx | other | total | rate |\n|---|---|---|---|---|---|---|\n")
	w("| %d | %d | %d | %d | %d | %d | %s |\n\n", e.Refused, e.Reset, e.Timeout, e.Status5xx, e.Other, e.Total, num(r.ErrorRate))
	r.markdownShutdown(w)
	r.markdownPDB(w)
	r.markdownRollback(w)
	r.markdownNodeLoss(w)
	r.markdownAggregate(w)
	return b.Bytes()
}

func (r *Report) markdownShutdown(w func(string, ...any)) {
	sd := r.Shutdown
	if sd == nil {
		return
	}
	w("## Shutdown\n\n%d connection-refused errors attributed to pod terminations; %d failures unattributed.\n\n",
		sd.ConnRefused, sd.Unattributed.Total)
	if len(sd.Pods) == 0 {
		return
	}
	w("| pod | version | node | deleted (s) | endpoint removed (s) | SIGTERM (s) | refused | reset | timeout | 5xx | total |\n")
	w("|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, p := range sd.Pods {
		w("| %s | %s | %s | %s | %s | %s | %d | %d | %d | %d | %d |\n", p.Pod, p.Version, p.Node,
			optNum(p.DeletedAt, "-"), optNum(p.EndpointRemovedAt, "-"), optNum(p.SIGTERMAt, "-"),
			p.Errors.Refused, p.Errors.Reset, p.Errors.Timeout, p.Errors.Status5xx, p.Errors.Total)
	}
	w("\n")
}

func (r *Report) markdownPDB(w func(string, ...any)) {
	p := r.PDB
	if p == nil {
		return
	}
	w("## PodDisruptionBudget\n\n%d evictions refused with 429, %d evicted; drains blocked %ss in total.\n\n",
		p.Evictions429, p.Evicted, num(p.BlockedSeconds))
	if len(p.Drains) == 0 {
		return
	}
	w("| node | start (s) | end (s) | status | attempts | 429s | blocked (s) |\n|---|---|---|---|---|---|---|\n")
	for _, d := range p.Drains {
		w("| %s | %s | %s | %s | %d | %d | %s |\n", d.Node, num(d.Start), num(d.End), d.Status, d.Attempts, d.Evictions429, num(d.BlockedSeconds))
	}
	w("\n")
}

func (r *Report) markdownRollback(w func(string, ...any)) {
	rb := r.Rollback
	if rb == nil {
		return
	}
	w("## Rollback\n\n")
	if !rb.Aborted {
		w("No abort.\n\n")
		return
	}
	w("| aborted (s) | weight 0 (s) | router at 0 (s) | last canary served (s) | canary scaled to 0 (s) | latency (s) | canary requests after abort |\n")
	w("|---|---|---|---|---|---|---|\n")
	w("| %s | %s | %s | %s | %s | %s | %d |\n\n", optNum(rb.AbortedAt, "-"), optNum(rb.WeightZeroAt, "-"),
		optNum(rb.RouterZeroAt, "-"), optNum(rb.LastCanaryServedAt, "-"), optNum(rb.CanaryScaledDownAt, "-"),
		optNum(rb.LatencySeconds, "-"), rb.CanaryServedAfterAbort)
}

func (r *Report) markdownNodeLoss(w func(string, ...any)) {
	if len(r.NodeLoss) == 0 {
		return
	}
	w("## Node loss\n\n| node | action | at (s) | recovered (s) | errors | error window (s) | endpoints removed after (s) |\n")
	w("|---|---|---|---|---|---|---|\n")
	for _, n := range r.NodeLoss {
		w("| %s | %s | %s | %s | %d | %s | %s |\n", n.Node, n.Action, num(n.At), optNum(n.RecoveredAt, "-"),
			n.Errors.Total, optNum(n.ErrorWindowSeconds, "-"), optNum(n.EndpointsRemovedAfterSeconds, "-"))
	}
	w("\n")
}

func (r *Report) markdownAggregate(w func(string, ...any)) {
	a := r.Aggregate
	if a == nil {
		return
	}
	w("## Over %d trials (mean [95 %% t interval], median)\n\n| figure | mean | 95 %% CI | median | trials |\n|---|---|---|---|---|\n", r.Trials)
	for _, s := range a.Steps {
		est(w, fmt.Sprintf("canary share, step %d (weight %d%%, expected %s)", s.Step, s.ConfiguredWeight, num(s.ExpectedShare)), s.CanaryShare)
	}
	est(w, "connection refused (pod terminations)", a.ConnRefused)
	est(w, "evictions refused (429)", a.Evictions429)
	est(w, "drain blocked seconds", a.BlockedSeconds)
	est(w, "rollback latency seconds", a.RollbackLatencySeconds)
	est(w, "errors: refused", a.Errors.Refused)
	est(w, "errors: reset", a.Errors.Reset)
	est(w, "errors: timeout", a.Errors.Timeout)
	est(w, "errors: 5xx", a.Errors.Status5xx)
	est(w, "errors: total", a.Errors.Total)
	w("\n| trial | seed | verdict | requests | errors | conn refused | 429s | rollback latency (s) |\n|---|---|---|---|---|---|---|---|\n")
	for _, t := range r.TrialResults {
		w("| %d | %d | %s | %d | %d | %d | %d | %s |\n", t.Trial, t.Seed, t.Verdict, t.Requests, t.Errors.Total,
			t.ConnRefused, t.Evictions429, optNum(t.RollbackLatencySeconds, "-"))
	}
	w("\n")
}

func est(w func(string, ...any), name string, e stats.Estimate) {
	if e.N == 0 {
		w("| %s | - | - | - | 0 |\n", name)
		return
	}
	w("| %s | %s | [%s, %s] | %s | %d |\n", name, num(e.Mean), num(e.Lo), num(e.Hi), num(e.Median), e.N)
}

// num formats a figure with up to four significant digits.
func num(x float64) string { return strconv.FormatFloat(x, 'g', 4, 64) }

func optNum(x *float64, none string) string {
	if x == nil {
		return none
	}
	return num(*x)
}

func yesNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}
