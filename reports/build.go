package reports

import (
	"math"
	"path/filepath"
	"strconv"
	"time"

	"github.com/canarylab/canarylab/loadgen"
	"github.com/canarylab/canarylab/scenarios"
)

// Build computes the report of one run from its trace. sc supplies the
// name, file and assertions; seed is the run's seed. Build reads nothing but
// its arguments, so the same inputs give the same report.
func Build(sc *scenarios.Scenario, tr *scenarios.Trace, seed int64) *Report {
	c := newClock(tr.Start)
	r := &Report{
		Scenario:        sc.Metadata.Name,
		File:            filepath.Base(sc.Path),
		Backend:         tr.Backend,
		DataPlane:       tr.DataPlane,
		Seed:            seed,
		Trials:          1,
		Requests:        len(tr.Records),
		DurationSeconds: c.secs(tr.End),
		Alpha:           alphaOf(sc),
		Reasons:         []string{},
	}
	r.Steps = buildSteps(tr, c, r.Alpha, minRequestsOf(sc))
	for _, rec := range tr.Records {
		r.Errors.add(errorKind(rec))
	}
	if r.Requests > 0 {
		r.ErrorRate = round(float64(r.Errors.Total) / float64(r.Requests))
	}
	r.Shutdown, r.NodeLoss = attribute(tr, c)
	r.PDB = buildPDB(tr, c)
	r.Rollback = buildRollback(tr, c)
	r.Rollout = &RolloutResult{
		Phase:       string(tr.Final.Phase),
		StepIndex:   tr.Final.CurrentStepIndex,
		Aborted:     tr.Final.Aborted,
		AbortReason: tr.Final.AbortReason,
		Completed:   tr.Final.Completed,
	}
	r.Reasons = judge(sc, r)
	r.Verdict = verdictOf(r.Reasons)
	return r
}

func verdictOf(reasons []string) string {
	if len(reasons) > 0 {
		return VerdictFail
	}
	return VerdictPass
}

func alphaOf(sc *scenarios.Scenario) float64 {
	if s := sc.Spec.Assertions.Split; s != nil && s.Alpha > 0 && s.Alpha < 1 {
		return s.Alpha
	}
	return DefaultAlpha
}

func minRequestsOf(sc *scenarios.Scenario) int {
	if s := sc.Spec.Assertions.Split; s != nil && s.MinRequests > 0 {
		return s.MinRequests
	}
	return DefaultMinRequests
}

// errorKind classifies a record: "" when served, else its failure kind, with
// a 5xx status and no kind counted as 5xx and anything unknown as "other".
func errorKind(rec loadgen.Record) loadgen.ErrorKind {
	switch {
	case rec.Served():
		return loadgen.ErrNone
	case rec.Error == loadgen.ErrNone && rec.Code >= 500:
		return loadgen.Err5xx
	case rec.Error == loadgen.ErrRefused, rec.Error == loadgen.ErrReset,
		rec.Error == loadgen.ErrTimeout, rec.Error == loadgen.Err5xx:
		return rec.Error
	}
	return "other"
}

// add counts one failure of kind k (nothing for ErrNone).
func (e *ErrorCounts) add(k loadgen.ErrorKind) {
	switch k {
	case loadgen.ErrNone:
		return
	case loadgen.ErrRefused:
		e.Refused++
	case loadgen.ErrReset:
		e.Reset++
	case loadgen.ErrTimeout:
		e.Timeout++
	case loadgen.Err5xx:
		e.Status5xx++
	default:
		e.Other++
	}
	e.Total++
}

// plus returns the element-wise sum.
func (e ErrorCounts) plus(o ErrorCounts) ErrorCounts {
	return ErrorCounts{e.Refused + o.Refused, e.Reset + o.Reset, e.Timeout + o.Timeout,
		e.Status5xx + o.Status5xx, e.Other + o.Other, e.Total + o.Total}
}

// failedAt is when a request failed: its start plus its latency.
func failedAt(rec loadgen.Record) time.Time { return rec.Start.Add(rec.Latency) }

// clock converts instants into rounded seconds since the run's start.
type clock struct{ start time.Time }

func newClock(start time.Time) clock { return clock{start} }

func (c clock) secs(t time.Time) float64 { return round(t.Sub(c.start).Seconds()) }

func (c clock) ptr(t time.Time) *float64 {
	if t.IsZero() {
		return nil
	}
	v := c.secs(t)
	return &v
}

// round keeps six significant digits, so JSON output is stable across
// platforms and free of float noise.
func round(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 6, 64), 64)
	return v
}

func roundPtr(x float64) *float64 {
	v := round(x)
	return &v
}
