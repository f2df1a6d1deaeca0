package reports

import (
	"math"
	"testing"

	"github.com/canarylab/canarylab/loadgen"
	"github.com/canarylab/canarylab/rollout"
	"github.com/canarylab/canarylab/scenarios"
)

func build(tr *scenarios.Trace) *Report {
	tr.Start = t0
	if tr.End.IsZero() {
		tr.End = at(100)
	}
	return Build(&scenarios.Scenario{}, tr, 1)
}

func secPtr(t *testing.T, name string, got *float64, want float64) {
	t.Helper()
	switch {
	case want < 0 && got != nil:
		t.Errorf("%s = %g, want null", name, *got)
	case want >= 0 && got == nil:
		t.Errorf("%s = null, want %g", name, want)
	case want >= 0 && math.Abs(*got-want) > 1e-9:
		t.Errorf("%s = %g, want %g", name, *got, want)
	}
}

// Two pods terminate (a at 10, b at 20). Refused errors naming a at 12 and
// 13 are a's; a reset naming b at 21 and a refused at 25 are b's; a refused
// naming b at 19 (before b's deletion) and one naming no pod are not
// attributed. connRefused = 2 (a) + 1 (b) = 3 of 5 refused.
func TestShutdownAttribution(t *testing.T) {
	tr := &scenarios.Trace{
		Records: []loadgen.Record{
			failed(12, 0, loadgen.ErrRefused, "pod-a", "n1"),
			failed(12.5, 0.5, loadgen.ErrRefused, "pod-a", "n1"),
			failed(19, 0, loadgen.ErrRefused, "pod-b", "n2"),
			failed(20.5, 0.5, loadgen.ErrReset, "pod-b", "n2"),
			failed(25, 0, loadgen.ErrRefused, "pod-b", "n2"),
			failed(26, 0, loadgen.ErrRefused, "", ""),
			served(30, "stable", 1),
		},
		Events: []scenarios.Event{
			ev(20, scenarios.EventPodDeleted, "pod-b", "n2"),
			ev(10, scenarios.EventPodDeleted, "pod-a", "n1"),
			ev(10.25, scenarios.EventSIGTERM, "pod-a", "n1"),
			ev(11, scenarios.EventEndpointRemoved, "pod-a", "n1"),
			ev(40, scenarios.EventSIGKILL, "pod-a", "n1"),
			ev(5, scenarios.EventEndpointRemoved, "pod-c", "n1"), // not ready, never deleted
		},
	}
	sd := build(tr).Shutdown
	if sd.ConnRefused != 3 || sd.Unattributed.Refused != 2 || sd.Unattributed.Total != 2 {
		t.Fatalf("connRefused %d, unattributed %+v; want 3 and 2 refused", sd.ConnRefused, sd.Unattributed)
	}
	if len(sd.Pods) != 2 || sd.Pods[0].Pod != "pod-a" || sd.Pods[1].Pod != "pod-b" {
		t.Fatalf("pods = %+v, want pod-a then pod-b", sd.Pods)
	}
	a, b := sd.Pods[0], sd.Pods[1]
	if a.Errors != (ErrorCounts{Refused: 2, Total: 2}) || b.Errors != (ErrorCounts{Refused: 1, Reset: 1, Total: 2}) {
		t.Errorf("errors a %+v b %+v", a.Errors, b.Errors)
	}
	secPtr(t, "a deleted", a.DeletedAt, 10)
	secPtr(t, "a sigterm", a.SIGTERMAt, 10.25)
	secPtr(t, "a endpoint", a.EndpointRemovedAt, 11)
	secPtr(t, "a sigkill", a.SIGKILLAt, 40)
	secPtr(t, "a first error", a.FirstErrorAt, 12)
	secPtr(t, "a last error", a.LastErrorAt, 13)
	secPtr(t, "b sigterm", b.SIGTERMAt, -1)
	secPtr(t, "b first error", b.FirstErrorAt, 21)
}

func TestPDBDrains(t *testing.T) {
	tests := []struct {
		name     string
		events   []scenarios.Event
		want429  int
		blocked  float64
		status   string
		end      float64
		attempts int
	}{
		// p1 blocked [10, 20], p2 blocked [15, 25]: union [10, 25] = 15 s.
		{"overlapping pods", []scenarios.Event{
			ev(10, scenarios.EventDrainStarted, "w1", "w1"),
			ev(10, scenarios.EventEviction429, "p1", "w1"),
			ev(15, scenarios.EventEviction429, "p2", "w1"),
			ev(15, scenarios.EventEviction429, "p1", "w1"),
			ev(20, scenarios.EventEvicted, "p1", "w1"),
			ev(25, scenarios.EventEvicted, "p2", "w1"),
			ev(26, scenarios.EventDrainDone, "w1", "w1"),
		}, 3, 15, DrainDone, 26, 5},
		// Disjoint: [10, 12] and [30, 33] = 5 s; an eviction on another
		// node's pods is not this drain's.
		{"disjoint blocks", []scenarios.Event{
			ev(10, scenarios.EventDrainStarted, "w1", "w1"),
			ev(10, scenarios.EventEviction429, "p1", "w1"),
			ev(11, scenarios.EventEviction429, "q1", "w9"),
			ev(12, scenarios.EventEvicted, "p1", "w1"),
			ev(30, scenarios.EventEviction429, "p2", "w1"),
			ev(33, scenarios.EventEvicted, "p2", "w1"),
			ev(34, scenarios.EventDrainDone, "w1", "w1"),
		}, 2, 5, DrainDone, 34, 4},
		// Still blocked when the run ends at 100: [60, 100] = 40 s.
		{"unfinished", []scenarios.Event{
			ev(60, scenarios.EventDrainStarted, "w1", "w1"),
			ev(60, scenarios.EventEviction429, "p1", "w1"),
			ev(65, scenarios.EventEviction429, "p1", "w1"),
		}, 2, 40, DrainUnfinished, 100, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := build(&scenarios.Trace{Events: tt.events}).PDB
			if len(p.Drains) != 1 {
				t.Fatalf("drains = %+v, want one", p.Drains)
			}
			d := p.Drains[0]
			if d.Evictions429 != tt.want429 || d.BlockedSeconds != tt.blocked || d.Status != tt.status ||
				d.End != tt.end || d.Attempts != tt.attempts || p.BlockedSeconds != tt.blocked {
				t.Errorf("drain %+v (total blocked %g), want 429s %d blocked %g status %s end %g attempts %d",
					d, p.BlockedSeconds, tt.want429, tt.blocked, tt.status, tt.end, tt.attempts)
			}
		})
	}
}

func TestRollback(t *testing.T) {
	t.Run("no abort", func(t *testing.T) {
		rb := build(&scenarios.Trace{Records: records(1, 5, 5, 1)}).Rollback
		if rb.Aborted || rb.AbortedAt != nil || rb.LatencySeconds != nil {
			t.Errorf("rollback = %+v, want not aborted with null figures", rb)
		}
	})
	t.Run("abort from event, canary served after", func(t *testing.T) {
		// Abort event at 30; canary requests start at 29 (before), 30.5,
		// 31.75 and 32.5 (after; the last answered 500 by the canary pod
		// itself, which still counts: the pod got the request); a router's
		// 503 naming the canary pod at 35 and a refused connect at 36 do
		// not count: latency = 32.5 - 30 = 2.5 s.
		tr := &scenarios.Trace{
			Records: []loadgen.Record{served(29, "canary", 1), served(30.5, "canary", 1), served(31.75, "canary", 2),
				{Start: at(32.5), Version: "canary", Pod: "canary-pod", Code: 500, Error: loadgen.Err5xx},
				{Start: at(35), Version: "canary", Pod: "canary-pod", Code: 503, Error: loadgen.Err5xx, ByRouter: true},
				failed(36, 0, loadgen.ErrRefused, "canary-pod", "worker-9")},
			Events: []scenarios.Event{{At: at(30), Type: string(rollout.EventAborted)}},
		}
		rb := build(tr).Rollback
		secPtr(t, "aborted", rb.AbortedAt, 30)
		secPtr(t, "last canary", rb.LastCanaryServedAt, 32.5)
		secPtr(t, "latency", rb.LatencySeconds, 2.5)
		secPtr(t, "weight zero", rb.WeightZeroAt, -1)
		if rb.CanaryServedAfterAbort != 3 {
			t.Errorf("canary served after abort = %d, want 3", rb.CanaryServedAfterAbort)
		}
	})
	t.Run("no canary after abort", func(t *testing.T) {
		abort := at(50)
		tr := &scenarios.Trace{Records: []loadgen.Record{served(49, "canary", 1)},
			Final: rollout.Status{Aborted: true, AbortedAt: &abort}}
		rb := build(tr).Rollback
		secPtr(t, "latency", rb.LatencySeconds, 0)
		secPtr(t, "last canary", rb.LastCanaryServedAt, -1)
	})
}

// worker-1 paused at 10 and never resumed: errors naming it fail at 12, 15
// and 30 (window 18 s); endpoints of its pods removed at 14 and 16 (after 6
// s). An error naming worker-1 at 9 (before the pause) and one naming
// worker-2 are not the node's.
func TestNodeLoss(t *testing.T) {
	tr := &scenarios.Trace{
		Records: []loadgen.Record{
			failed(9, 0, loadgen.ErrRefused, "p", "worker-1"),
			failed(11, 1, loadgen.ErrTimeout, "p", "worker-1"),
			failed(15, 0, loadgen.ErrReset, "p", "worker-1"),
			failed(0, 30, loadgen.ErrTimeout, "q", "worker-1"),
			failed(20, 0, loadgen.ErrRefused, "r", "worker-2"),
		},
		Events: []scenarios.Event{
			ev(10, scenarios.EventNodePaused, "worker-1", "worker-1"),
			ev(14, scenarios.EventEndpointRemoved, "p", "worker-1"),
			ev(16, scenarios.EventEndpointRemoved, "q", "worker-1"),
			ev(17, scenarios.EventEndpointRemoved, "r", "worker-2"),
		},
	}
	r := build(tr)
	if len(r.NodeLoss) != 1 {
		t.Fatalf("node loss = %+v, want one entry", r.NodeLoss)
	}
	n := r.NodeLoss[0]
	if n.Action != "pause" || n.At != 10 || n.Errors != (ErrorCounts{Timeout: 2, Reset: 1, Total: 3}) {
		t.Errorf("node loss %+v", n)
	}
	secPtr(t, "recovered", n.RecoveredAt, -1)
	secPtr(t, "first error", n.FirstErrorAt, 12)
	secPtr(t, "last error", n.LastErrorAt, 30)
	secPtr(t, "window", n.ErrorWindowSeconds, 18)
	secPtr(t, "endpoints removed after", n.EndpointsRemovedAfterSeconds, 6)
	if r.Shutdown.Unattributed.Total != 2 {
		t.Errorf("unattributed = %+v, want the two errors not caused by the pause", r.Shutdown.Unattributed)
	}
}
