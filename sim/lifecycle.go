package sim

import (
	"fmt"
	"time"

	"github.com/canarylab/canarylab/scenarios"
)

// kubelet runs fn after d as the node's kubelet: dropped if the kubelet died
// (node stopped or killed) meanwhile, postponed while the node is frozen.
func (b *Backend) kubelet(n *node, d time.Duration, fn func()) {
	life := n.life
	b.clk.after(d, func() { b.onKubelet(n, life, fn) })
}

func (b *Backend) onKubelet(n *node, life int, fn func()) {
	switch {
	case n.life != life || n.state == nodeDown || n.state == nodeStopping:
		return
	case n.state == nodeFrozen:
		n.deferred = append(n.deferred, fn)
		return
	}
	fn()
}

// bind places p on n.
func (b *Backend) bind(p *pod, n *node) {
	p.node = n
	b.emit(scenarios.Event{Type: scenarios.EventPodScheduled, Object: p.name, Version: p.version, Node: n.name})
	if n.state == nodeUp || n.state == nodeFrozen {
		b.startContainer(p)
	}
}

// startContainer starts p's process ContainerStart from now; the readiness
// probe passes ReadinessDelay later.
func (b *Backend) startContainer(p *pod) {
	ep := p.epoch
	b.kubelet(p.node, b.cal.ContainerStart, func() {
		if p.epoch != ep || p.deleting || p.gone {
			return
		}
		p.proc, p.listening = procRunning, true
		b.kubelet(p.node, p.vb.ReadinessDelay.D(), func() {
			if p.epoch != ep || p.deleting || p.proc != procRunning {
				return
			}
			p.probeOK = true
			b.markReady(p)
		})
	})
}

// markReady sets p Ready (when its node is Ready) and adds its endpoint.
func (b *Backend) markReady(p *pod) {
	if p.ready || !p.node.apiReady {
		return
	}
	p.ready, p.readyAt = true, b.clk.now
	b.emit(scenarios.Event{Type: scenarios.EventPodReady, Object: p.name, Version: p.version, Node: p.node.name})
	b.setDP(p, dpReady, "")
}

// unready clears p's Ready condition and takes its endpoint out of the data
// plane (after propagation).
func (b *Backend) unready(p *pod, why string) {
	if !p.ready {
		return
	}
	p.ready = false
	if !p.deleting {
		b.setDP(p, dpAbsent, why)
	}
}

// deletePod sets p's deletionTimestamp and starts the two concurrent
// termination paths: the endpoint leaves the data plane after a propagation
// delay, and the kubelet runs preStop, SIGTERM and SIGKILL.
func (b *Backend) deletePod(p *pod, reason string) {
	if p.deleting || p.gone {
		return
	}
	p.deleting = true
	ev := scenarios.Event{Type: scenarios.EventPodDeleted, Object: p.name, Version: p.version, Message: reason}
	if p.node != nil {
		ev.Node = p.node.name
	}
	b.emit(ev)
	if p.dpTarget == dpReady {
		b.setDP(p, dpTerminating, "pod deleted")
	}
	b.reconcileRS(b.rsOf(p))
	switch {
	case p.node == nil:
		b.podGone(p)
	case p.node.state == nodeDown || p.node.state == nodeStopping:
		// no kubelet: the pod stays Terminating until its node returns
	case p.proc != procRunning:
		b.kubelet(p.node, 0, func() { b.podGone(p) })
	default:
		b.terminate(p)
	}
}

func (b *Backend) rsOf(p *pod) *replicaSet {
	if p.version == b.stable.version {
		return b.stable
	}
	return b.canary
}

// terminate is the kubelet's side: preStop sleep, SIGTERM, and SIGKILL at
// the grace period (PreStopOverrun later when preStop overran it).
func (b *Backend) terminate(p *pod) {
	grace := b.cal.DefaultGracePeriod
	if g := p.vb.TerminationGracePeriodSeconds; g != nil {
		grace = time.Duration(*g) * time.Second
	}
	preStop := p.vb.PreStopSleep.D()
	kill := grace
	if preStop >= grace && preStop > 0 {
		preStop, kill = grace, grace+b.cal.PreStopOverrun
	}
	b.kubelet(p.node, preStop, func() { b.sigterm(p) })
	b.kubelet(p.node, kill, func() {
		if p.proc == procRunning {
			b.emit(scenarios.Event{Type: scenarios.EventSIGKILL, Object: p.name, Version: p.version, Node: p.node.name})
			b.exit(p)
		}
	})
}

// sigterm delivers SIGTERM: an abrupt server exits at once; a graceful one
// closes its listener and idle connections, finishes in-flight requests and
// exits when they are done (or ShutdownDrain after SIGTERM, if set).
func (b *Backend) sigterm(p *pod) {
	if p.proc != procRunning {
		return
	}
	b.emit(scenarios.Event{Type: scenarios.EventSIGTERM, Object: p.name, Version: p.version, Node: p.node.name})
	if p.vb.Shutdown == scenarios.ShutdownAbrupt {
		b.exit(p)
		return
	}
	p.listening, p.shuttingDown = false, true
	for _, c := range append([]*conn(nil), p.conns...) {
		if !c.busy {
			b.closeConn(c)
		}
	}
	if len(p.inflight) == 0 {
		b.exit(p)
		return
	}
	if d := p.vb.ShutdownDrain.D(); d > 0 {
		b.kubelet(p.node, d, func() {
			if p.proc == procRunning {
				b.exit(p)
			}
		})
	}
}

// exit ends p's process; the kubelet then removes a deleted pod.
func (b *Backend) exit(p *pod) {
	b.exitProc(p)
	if p.deleting {
		b.podGone(p)
	}
}

// exitProc ends p's process: in-flight requests are reset and every
// connection to it closed.
func (b *Backend) exitProc(p *pod) {
	p.proc, p.listening, p.shuttingDown = procExited, false, false
	p.epoch++
	ws := p.inflight
	p.inflight = nil
	for _, w := range ws {
		w.cancelled = true
		w.onReset()
	}
	for _, c := range append([]*conn(nil), p.conns...) {
		b.closeConn(c)
	}
}

// podGone removes p from the API: its slot frees, its terminating endpoint
// leaves the data plane after propagation, drains may complete.
func (b *Backend) podGone(p *pod) {
	if p.gone {
		return
	}
	p.gone, p.ready = true, false
	ev := scenarios.Event{Type: scenarios.EventPodGone, Object: p.name, Version: p.version}
	if p.node != nil {
		ev.Node = p.node.name
	}
	b.emit(ev)
	if p.dpTarget != dpAbsent {
		b.setDP(p, dpAbsent, "pod gone")
	}
	b.schedulePending()
	b.checkDrains()
}

// setDP changes p's endpoint in the data plane after a propagation delay.
// Changes of one endpoint reach the data plane in order. Leaving the ready
// set records EndpointRemoved with the delay (Value in seconds).
func (b *Backend) setDP(p *pod, s dpState, why string) {
	p.dpTarget = s
	delay := b.cal.EndpointPropagation.Sample(b.rng.network)
	at := max(b.clk.now+delay, p.dpAt)
	p.dpAt = at
	since := b.clk.now
	b.clk.at(at, func() {
		old := p.dp
		p.dp = s
		if old == dpReady && s != dpReady {
			ev := scenarios.Event{Type: scenarios.EventEndpointRemoved, Object: p.name, Version: p.version,
				Value:   (b.clk.now - since).Seconds(),
				Message: fmt.Sprintf("%s; propagation %v", why, b.clk.now-since)}
			if p.node != nil {
				ev.Node = p.node.name
			}
			b.emit(ev)
		}
	})
}
