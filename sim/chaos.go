package sim

import (
	"context"
	"fmt"
	"time"

	"github.com/canarylab/canarylab/scenarios"
)

// Chaos implements scenarios.Backend for node actions.
func (b *Backend) Chaos(ctx context.Context, ev scenarios.ChaosEvent) error {
	if !b.started {
		return fmt.Errorf("chaos %s: %w", ev.Action, ErrNotStarted)
	}
	switch ev.Action {
	case scenarios.ChaosCordon, scenarios.ChaosUncordon, scenarios.ChaosDrain, scenarios.ChaosKill,
		scenarios.ChaosStop, scenarios.ChaosPause, scenarios.ChaosRestart:
	default:
		return fmt.Errorf("chaos %s: %w", ev.Action, ErrNotNodeAction)
	}
	n, err := b.resolveNode(ev.Node)
	if err != nil {
		return fmt.Errorf("chaos %s: %w", ev.Action, err)
	}
	switch ev.Action {
	case scenarios.ChaosCordon:
		b.cordon(n)
	case scenarios.ChaosUncordon:
		if n.cordoned {
			n.cordoned = false
			b.emit(scenarios.Event{Type: scenarios.EventNodeUncordoned, Object: n.name, Node: n.name})
			b.schedulePending()
		}
	case scenarios.ChaosDrain:
		b.startDrain(n, ev.Timeout.D())
	case scenarios.ChaosKill:
		b.killNode(n)
	case scenarios.ChaosStop:
		b.stopNode(n)
	case scenarios.ChaosPause:
		b.pauseNode(n, ev.Duration.D())
	case scenarios.ChaosRestart:
		d := ev.Duration.D()
		if d <= 0 {
			d = b.cal.RestartDowntime
		}
		if b.stopNode(n) {
			life := n.life
			b.clk.after(d, func() {
				if n.life == life { // not killed meanwhile
					b.startNode(n)
				}
			})
		}
	}
	return nil
}

// resolveNode finds a worker by name; "canary" and "stable" name the node of
// that version's oldest running pod now.
func (b *Backend) resolveNode(name string) (*node, error) {
	if name == b.stable.version || name == b.canary.version {
		for _, p := range b.pods { // creation order: oldest first
			if p.version == name && p.proc == procRunning && !p.deleting && p.node != nil {
				return p.node, nil
			}
		}
		return nil, fmt.Errorf("%w: no running %s pod", ErrUnknownNode, name)
	}
	for _, n := range b.nodes {
		if n.name == name {
			return n, nil
		}
	}
	return nil, fmt.Errorf("%w: %q", ErrUnknownNode, name)
}

func (b *Backend) cordon(n *node) {
	if !n.cordoned {
		n.cordoned = true
		b.emit(scenarios.Event{Type: scenarios.EventNodeCordoned, Object: n.name, Node: n.name})
	}
}

// podsOn lists the pods bound to n that are not gone.
func (b *Backend) podsOn(n *node) []*pod {
	var out []*pod
	for _, p := range b.pods {
		if p.node == n && !p.gone {
			out = append(out, p)
		}
	}
	return out
}

// killNode makes n vanish at once (docker kill): processes die without a
// word, packets to it go unanswered.
func (b *Backend) killNode(n *node) {
	if n.state == nodeDown {
		return
	}
	b.emit(scenarios.Event{Type: scenarios.EventNodeKilled, Object: n.name, Node: n.name})
	wasUp := n.state != nodeStopping
	b.goDown(n)
	if wasUp {
		b.armNotReady(n)
	}
}

// goDown marks n unreachable and silences its pods. A stopping node's
// outage and kubelet death were already counted.
func (b *Backend) goDown(n *node) {
	if n.state != nodeStopping {
		n.outage++
		n.life++
	}
	n.state = nodeDown
	n.deferred = nil
	for _, p := range b.podsOn(n) {
		b.silence(p)
	}
}

// stopNode stops n as docker stop does for a kind node: SIGRTMIN+3 makes
// systemd kill the pods' processes (open connections reset) while the
// network stays up (connects refused), and NodeStopKill later the node is
// gone like a killed one. It reports whether the node was running.
func (b *Backend) stopNode(n *node) bool {
	if n.state == nodeDown || n.state == nodeStopping {
		return false
	}
	b.emit(scenarios.Event{Type: scenarios.EventNodeStopped, Object: n.name, Node: n.name, Message: "SIGRTMIN+3"})
	if n.state == nodeFrozen {
		for _, p := range b.podsOn(n) {
			b.thaw(p)
		}
	}
	n.state = nodeStopping
	n.outage++
	n.life++
	n.deferred = nil
	for _, p := range b.podsOn(n) {
		if p.proc == procRunning {
			b.exitProc(p) // the kubelet is stopping too: deleted pods stay
		}
	}
	b.armNotReady(n)
	life := n.life
	b.clk.after(b.cal.NodeStopKill, func() {
		if n.life == life && n.state == nodeStopping {
			b.goDown(n)
		}
	})
	return true
}

// pauseNode freezes n's processes (docker pause) for d (0: for good).
func (b *Backend) pauseNode(n *node, d time.Duration) {
	if n.state != nodeUp {
		return
	}
	b.emit(scenarios.Event{Type: scenarios.EventNodePaused, Object: n.name, Node: n.name})
	n.state = nodeFrozen
	n.outage++
	for _, p := range b.podsOn(n) {
		b.freeze(p)
	}
	b.armNotReady(n)
	if d > 0 {
		outage := n.outage
		b.clk.after(d, func() {
			if n.outage == outage && n.state == nodeFrozen {
				b.resumeNode(n)
			}
		})
	}
}

// resumeNode thaws n: in-flight requests finish late, deferred kubelet work
// runs, and the node and its pods are Ready again.
func (b *Backend) resumeNode(n *node) {
	b.emit(scenarios.Event{Type: scenarios.EventNodeResumed, Object: n.name, Node: n.name})
	n.state = nodeUp
	b.nodeReady(n)
	for _, p := range b.podsOn(n) {
		b.thaw(p)
		if p.proc == procRunning && p.probeOK && !p.deleting {
			b.markReady(p)
		}
	}
	fns := n.deferred
	n.deferred = nil
	for _, fn := range fns {
		fn()
	}
}

// startNode boots a stopped node: the kubelet finishes deleting pods that
// were deleted meanwhile and restarts the others' containers.
func (b *Backend) startNode(n *node) {
	b.emit(scenarios.Event{Type: scenarios.EventNodeStarted, Object: n.name, Node: n.name})
	n.state = nodeUp
	n.life++
	b.nodeReady(n)
	for _, p := range b.podsOn(n) {
		if p.deleting {
			b.podGone(p)
			continue
		}
		b.unready(p, "container restarting")
		p.proc, p.listening, p.probeOK = procNone, false, false
		p.epoch++
		b.startContainer(p)
	}
	b.schedulePending()
}

// nodeReady restores n's Ready condition after an outage.
func (b *Backend) nodeReady(n *node) {
	if !n.apiReady {
		n.apiReady = true
		b.emit(scenarios.Event{Type: scenarios.EventNodeReady, Object: n.name, Node: n.name})
		b.schedulePending()
	}
}

// armNotReady marks n NotReady NodeMonitorGrace after it fell silent, unless
// it came back; Toleration later its pods are deleted.
func (b *Backend) armNotReady(n *node) {
	outage := n.outage
	b.clk.after(b.cal.NodeMonitorGrace, func() {
		if n.outage != outage || n.state == nodeUp {
			return
		}
		n.apiReady = false
		b.emit(scenarios.Event{Type: scenarios.EventNodeNotReady, Object: n.name, Node: n.name})
		for _, p := range b.podsOn(n) {
			b.unready(p, "node not ready")
		}
		b.clk.after(b.cal.Toleration, func() {
			if n.outage != outage || n.apiReady {
				return
			}
			for _, p := range b.podsOn(n) {
				b.deletePod(p, "node not ready: toleration expired")
			}
		})
	})
}
