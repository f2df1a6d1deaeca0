package reports

import (
	"time"

	"github.com/canarylab/canarylab/rollout"
	"github.com/canarylab/canarylab/scenarios"
)

// buildRollback times the abort, if any (see Rollback for definitions).
func buildRollback(tr *scenarios.Trace, c clock) *Rollback {
	rb := &Rollback{}
	var abort time.Time
	if tr.Final.AbortedAt != nil {
		abort = *tr.Final.AbortedAt
	}
	events := sortedEvents(tr.Events)
	if abort.IsZero() {
		for _, ev := range events {
			if ev.Type == string(rollout.EventAborted) {
				abort = ev.At
				break
			}
		}
	}
	if abort.IsZero() {
		return rb
	}
	rb.Aborted = true
	rb.AbortedAt = c.ptr(abort)
	var weightZero, routerZero, scaledDown, lastCanary time.Time
	for _, ev := range events {
		if ev.At.Before(abort) || ev.Value != 0 {
			continue
		}
		switch {
		case ev.Type == scenarios.EventWeightSet && weightZero.IsZero():
			weightZero = ev.At
		case ev.Type == scenarios.EventRouterUpdated && routerZero.IsZero():
			routerZero = ev.At
		case ev.Type == scenarios.EventScaled && isCanary(ev) && scaledDown.IsZero():
			scaledDown = ev.At
		}
	}
	for _, rec := range tr.Records {
		if rec.Version != "canary" || !rec.AnsweredByPod() || rec.Start.Before(abort) {
			continue
		}
		rb.CanaryServedAfterAbort++
		if rec.Start.After(lastCanary) {
			lastCanary = rec.Start
		}
	}
	rb.WeightZeroAt, rb.RouterZeroAt = c.ptr(weightZero), c.ptr(routerZero)
	rb.CanaryScaledDownAt, rb.LastCanaryServedAt = c.ptr(scaledDown), c.ptr(lastCanary)
	latency := 0.0
	if !lastCanary.IsZero() {
		latency = lastCanary.Sub(abort).Seconds()
	}
	rb.LatencySeconds = roundPtr(latency)
	return rb
}

// isCanary reports whether a Scaled event is about the canary ReplicaSet
// (Version "canary", or Object "canary" when the recorder named it so).
func isCanary(ev scenarios.Event) bool { return ev.Version == "canary" || ev.Object == "canary" }
