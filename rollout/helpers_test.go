package rollout

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func dur(d time.Duration) *Duration { v := Duration(d); return &v }

func nginxRouting() *TrafficRouting {
	return &TrafficRouting{Nginx: &NginxRouting{StableIngress: "web"}}
}

func setWeight(w int32) Step { return Step{SetWeight: i32(w)} }

func pauseFor(d time.Duration) Step { return Step{Pause: &Pause{Duration: dur(d)}} }

func pauseForever() Step { return Step{Pause: &Pause{}} }

// metricFunc adapts a function to MetricSource.
type metricFunc func(q DataPlaneQuery, from, to time.Time) (float64, bool)

func (f metricFunc) Measure(q DataPlaneQuery, from, to time.Time) (float64, bool) {
	return f(q, from, to)
}

// constMetric always measures v.
func constMetric(v float64) MetricSource {
	return metricFunc(func(DataPlaneQuery, time.Time, time.Time) (float64, bool) { return v, true })
}

// world is a fake backend that makes desired pods ready and applies the
// router weight at once.
type world struct {
	spec Spec
	obs  Observed
	now  time.Time
	// log has one line per event and action, with the offset from t0.
	log []string
}

func newWorld(spec Spec) *world {
	w := &world{spec: spec, now: t0}
	w.obs.Stable = ReplicaSetStatus{Desired: spec.Replicas, Ready: spec.Replicas, Available: spec.Replicas}
	return w
}

func (w *world) logf(format string, args ...any) {
	w.log = append(w.log, fmt.Sprintf("%s ", w.now.Sub(t0))+fmt.Sprintf(format, args...))
}

func (w *world) events(evs []Event) {
	for _, e := range evs {
		w.log = append(w.log, fmt.Sprintf("%s %s %d", e.At.Sub(t0), e.Type, e.Step))
	}
}

// reconcile runs one pass, applies its actions instantly and returns the
// result and requeue.
func (w *world) reconcile(t *testing.T) (Result, time.Duration) {
	t.Helper()
	res, rq := Reconcile(w.now, w.spec, w.obs)
	w.events(res.Events)
	for _, a := range res.Actions {
		switch a.Type {
		case ActionScaleStable:
			w.obs.Stable = ReplicaSetStatus{Desired: a.Replicas, Ready: a.Replicas, Available: a.Replicas}
			w.logf("%s %d", a.Type, a.Replicas)
		case ActionScaleCanary:
			w.obs.Canary = ReplicaSetStatus{Desired: a.Replicas, Ready: a.Replicas, Available: a.Replicas}
			w.logf("%s %d", a.Type, a.Replicas)
		case ActionSetWeight:
			w.obs.Weight = a.Weight
			w.logf("%s %d", a.Type, a.Weight)
		case ActionCreateRoute:
			w.obs.CanaryRoute = true
			w.logf("%s", a.Type)
		case ActionDeleteRoute:
			w.obs.CanaryRoute = false
			w.logf("%s", a.Type)
		}
	}
	w.obs.Status = res.Status
	return res, rq
}

// settle reconciles at the current time until nothing changes; it returns
// the last result and requeue.
func (w *world) settle(t *testing.T) (Result, time.Duration) {
	t.Helper()
	for range 50 {
		res, rq := w.reconcile(t)
		if len(res.Actions) == 0 && len(res.Events) == 0 {
			return res, rq
		}
	}
	t.Fatalf("no fixpoint at %s", w.now.Sub(t0))
	return Result{}, 0
}

func (w *world) command(t *testing.T, cmd Command) {
	t.Helper()
	st, evs, err := ApplyCommand(w.now, w.spec, w.obs.Status, cmd)
	if err != nil {
		t.Fatalf("%s at %s: %v", cmd, w.now.Sub(t0), err)
	}
	w.events(evs)
	w.obs.Status = st
}

func assertLog(t *testing.T, got []string, want string) {
	t.Helper()
	w := strings.Split(strings.TrimSpace(want), "\n")
	for i := range w {
		w[i] = strings.TrimSpace(w[i])
	}
	if strings.Join(got, "\n") != strings.Join(w, "\n") {
		t.Errorf("log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(w, "\n"))
	}
}
