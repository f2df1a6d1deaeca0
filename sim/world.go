package sim

import (
	"time"

	"github.com/canarylab/canarylab/scenarios"
)

// nodeState is what a worker node's machine is doing.
type nodeState int

const (
	nodeUp       nodeState = iota
	nodeFrozen             // paused: processes frozen, packets unanswered
	nodeStopping           // stop signalled: processes killed, network still up
	nodeDown               // gone: packets to it vanish
)

// node is one worker.
type node struct {
	idx      int
	name     string
	zone     string
	maxPods  int
	cordoned bool
	state    nodeState
	// apiReady is the node's Ready condition as the control plane sees it.
	apiReady bool
	// life changes when the node's kubelet dies (stop, kill) or starts
	// again, dropping work armed by the previous kubelet; outage changes whenever the node leaves nodeUp, so a
	// NotReady timer can tell its outage still lasts.
	life, outage int
	// deferred holds kubelet work that fell due while the node was frozen.
	deferred []func()
}

// reachable reports whether packets to the node are answered at all.
func (n *node) reachable() bool { return n.state == nodeUp || n.state == nodeStopping }

// procState is the state of a pod's server process.
type procState int

const (
	procNone    procState = iota // container not started
	procRunning                  // process up
	procExited                   // process gone
)

// dpState is how the data plane sees a pod's endpoint.
type dpState int

const (
	dpAbsent      dpState = iota
	dpReady               // ready endpoint: used normally
	dpTerminating         // terminating but serving: a fallback only (KEP-1669)
)

// pod is one workload pod.
type pod struct {
	id      int
	name    string
	version string
	vb      *scenarios.VersionBehavior
	created time.Duration
	node    *node
	proc    procState
	// listening is true while the process accepts new connections.
	listening bool
	ready     bool
	readyAt   time.Duration
	deleting  bool
	gone      bool
	// epoch changes when the pod's process dies or restarts, cancelling its
	// container-start and readiness timers.
	epoch int
	// unschedReported avoids repeating PodUnschedulable.
	unschedReported bool
	// dp is the endpoint as the data plane has it; dpAt the time of the last
	// scheduled change (changes reach the data plane in order).
	dp, dpTarget dpState
	dpAt         time.Duration
	// probeOK is true once the readiness probe passed in this process's life.
	probeOK bool
	// inflight are requests the process is handling; conns the client
	// connections open to it (kube-proxy data plane only).
	inflight []*work
	conns    []*conn
	// shuttingDown is true between a graceful SIGTERM and the exit.
	shuttingDown bool
}

// healthy reports the PDB's notion of healthy: ready and not being deleted.
func (p *pod) healthy() bool { return p.ready && !p.deleting && !p.gone }

// active reports whether the ReplicaSet counts the pod.
func (p *pod) active() bool { return !p.deleting && !p.gone }

// replicaSet is one version's ReplicaSet.
type replicaSet struct {
	version string
	desired int32
	created int
	vb      *scenarios.VersionBehavior
}
