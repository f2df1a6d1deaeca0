package scenarios

import (
	"fmt"

	"github.com/canarylab/canarylab/loadgen"
	"github.com/canarylab/canarylab/rollout"
)

func (v *validator) load(sp *Spec) {
	l := sp.Load
	const p = "spec.load"
	v.enum(p+".pacer.type", l.Pacer.Type, true, loadgen.PacerConstant, loadgen.PacerLinear, loadgen.PacerSine)
	if l.Pacer.Rate <= 0 {
		v.errf(p+".pacer.rate", "must be > 0 (requests per second)")
	}
	if l.Pacer.Type == loadgen.PacerSine && l.Pacer.Period <= 0 {
		v.errf(p+".pacer.period", "the sine pacer needs a period > 0")
	}
	if l.Pacer.Amplitude < 0 {
		v.errf(p+".pacer.amplitude", "must be ≥ 0")
	}
	if l.Duration <= 0 {
		v.errf(p+".duration", "must be > 0")
	}
	for _, f := range []struct {
		name string
		val  int
	}{{"workers", l.Workers}, {"connections", l.Connections}, {"clients", l.Clients}, {"sessionRequests", l.SessionRequests}} {
		if f.val < 0 {
			v.errf(p+"."+f.name, "must be ≥ 0")
		}
	}
}

// nodeActions act on a node; the others are rollout commands.
var nodeActions = []string{ChaosCordon, ChaosUncordon, ChaosDrain, ChaosKill, ChaosStop, ChaosPause, ChaosRestart}

var commandActions = []string{ChaosAbort, ChaosPromote, ChaosPromoteFull, ChaosRetry}

func (v *validator) chaos(sp *Spec, nodes map[string]bool) {
	steps := -1 // unknown: no strategy (reported elsewhere)
	if c := sp.Rollout.Canary; c != nil {
		steps = len(c.Steps)
	}
	for i, e := range sp.Chaos {
		p := fmt.Sprintf("spec.chaos[%d]", i)
		switch {
		case (e.At == nil) == (e.AtStep == nil):
			v.errf(p, "set exactly one of at and atStep")
		case e.AtStep != nil && steps >= 0 && (*e.AtStep < 0 || int(*e.AtStep) >= steps):
			v.errf(p+".atStep", "%d is not a step index (the rollout has %d steps)", *e.AtStep, steps)
		case e.At != nil && e.After != 0:
			v.errf(p+".after", "after is only for atStep (at is already an offset)")
		}
		v.enum(p+".action", e.Action, false, append(append([]string{}, nodeActions...), commandActions...)...)
		switch {
		case oneOf(e.Action, nodeActions...) && e.Node == "":
			v.errf(p+".node", "required for action %q: a worker name, %q or %q", e.Action, ChaosNodeCanary, ChaosNodeStable)
		case oneOf(e.Action, nodeActions...) && !nodes[e.Node] && e.Node != ChaosNodeCanary && e.Node != ChaosNodeStable:
			v.errf(p+".node", "unknown node %q (workers: %s)", e.Node, nodeList(sp.Cluster))
		case oneOf(e.Action, commandActions...) && e.Node != "":
			v.errf(p+".node", "action %q is a rollout command and takes no node", e.Action)
		}
		if e.Duration != 0 && !oneOf(e.Action, ChaosPause, ChaosRestart) {
			v.errf(p+".duration", "duration is only for %s", quoted(ChaosPause, ChaosRestart))
		}
		if e.Timeout != 0 && e.Action != ChaosDrain {
			v.errf(p+".timeout", "timeout is only for %q", ChaosDrain)
		}
	}
}

func nodeList(c Cluster) string {
	s := ""
	for i, n := range c.Nodes() {
		if i > 0 {
			s += ", "
		}
		s += n.Name
	}
	return s
}

func (v *validator) assertions(a Assertions) {
	const p = "spec.assertions"
	if s := a.Split; s != nil {
		if s.Alpha <= 0 || s.Alpha >= 1 {
			v.errf(p+".split.alpha", "%g is not in (0, 1)", s.Alpha)
		}
		if s.MinRequests < 0 {
			v.errf(p+".split.minRequests", "must be ≥ 0")
		}
	}
	for _, f := range []struct {
		name string
		val  *int
	}{{"maxConnRefused", a.MaxConnRefused}, {"minConnRefused", a.MinConnRefused}} {
		if f.val != nil && *f.val < 0 {
			v.errf(p+"."+f.name, "must be ≥ 0")
		}
	}
	if a.MaxConnRefused != nil && a.MinConnRefused != nil && *a.MinConnRefused > *a.MaxConnRefused {
		v.errf(p+".minConnRefused", "%d is above maxConnRefused %d", *a.MinConnRefused, *a.MaxConnRefused)
	}
	if r := a.MaxErrorRate; r != nil && (*r < 0 || *r > 1) {
		v.errf(p+".maxErrorRate", "%g is not in [0, 1]", *r)
	}
	if d := a.Drain; d != nil && d.MinEvictions429 != nil && *d.MinEvictions429 < 0 {
		v.errf(p+".drain.minEvictions429", "must be ≥ 0")
	}
	if w := a.NodeLossWindow; w != nil {
		switch {
		case w.Min == nil && w.Max == nil:
			v.errf(p+".nodeLossWindow", "set min, max or both")
		case w.Min != nil && w.Max != nil && *w.Min > *w.Max:
			v.errf(p+".nodeLossWindow.min", "%s is above max %s", *w.Min, *w.Max)
		}
	}
	v.enum(p+".phase", a.Phase, true, string(rollout.PhaseHealthy), string(rollout.PhaseDegraded), string(rollout.PhasePaused))
}

func (v *validator) sim(s *SimOverrides) {
	if s != nil && s.EndpointPropagation != nil {
		v.latency("spec.sim.endpointPropagation", *s.EndpointPropagation)
	}
}
