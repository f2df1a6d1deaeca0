package scenarios

import (
	"context"
	"time"

	"github.com/canarylab/canarylab/loadgen"
	"github.com/canarylab/canarylab/rollout"
)

// Backend runs a scenario's world: nodes, the stable and canary workloads,
// the router, the load and the chaos. The runner drives it together with the
// rollout core; every method takes ctx first. Implementations: the simulator
// (package sim, virtual clock) and real clusters (package clusters).
type Backend interface {
	// Name is "sim", "kind", ...
	Name() string
	// Start deploys the scenario (stable at full scale, canary at 0, router
	// at weight 0), waits for the stable pods to be ready and starts the
	// load. It returns the time the load started.
	Start(ctx context.Context, sc *Scenario, seed int64) (time.Time, error)
	// Now is the backend's clock (virtual on the simulator).
	Now() time.Time
	// Advance lets the world run until the given time: the simulator
	// processes its events, a real backend sleeps.
	Advance(ctx context.Context, until time.Time) error
	// Observe reports the pods and router weight; Status is left zero (the
	// runner owns it). Metrics answers analysis queries from the requests
	// recorded so far.
	Observe(ctx context.Context) (rollout.Observed, error)
	// Apply converges replica counts and the router toward d.
	Apply(ctx context.Context, d rollout.Desired) error
	// Chaos starts a node action (cordon, uncordon, drain, kill, stop,
	// pause, restart). Long actions (drain, restart) run on in the
	// background and record events as they go.
	Chaos(ctx context.Context, ev ChaosEvent) error
	// Finish stops the load, lets in-flight requests end, and returns what
	// happened.
	Finish(ctx context.Context) (*Trace, error)
	// Close removes what Start created. It is safe after a failed Start.
	Close(ctx context.Context) error
}

// Trace is everything a run recorded; reports are computed from it alone, so
// both backends share one report.
type Trace struct {
	Backend string `json:"backend"`
	// DataPlane says which data plane served the traffic, e.g.
	// "simulated kube-proxy" or "traefik v3.6 (real)".
	DataPlane string           `json:"dataPlane"`
	Start     time.Time        `json:"start"`
	End       time.Time        `json:"end"`
	Records   []loadgen.Record `json:"records"`
	Events    []Event          `json:"events"`
	// Steps are the spans of constant configured weight, added by the runner.
	Steps []StepSpan `json:"steps"`
	// Final is the rollout status at the end, added by the runner.
	Final rollout.Status `json:"final"`
}

// StepSpan is a span of time during which one configured canary weight held.
type StepSpan struct {
	// Step is the rollout step index that set the weight.
	Step int32 `json:"step"`
	// Weight is the configured canary weight (percent).
	Weight int32 `json:"weight"`
	// ExpectedShare is the canary share the configuration implies: Weight/100
	// with a router; canary/(stable+canary) desired replicas without.
	ExpectedShare float64 `json:"expectedShare"`
	// PerConnection is true when the router picks a backend per connection
	// (kube-proxy), so requests cluster by connection.
	PerConnection bool `json:"perConnection"`
	// ClusterBy names the unit requests cluster by for the split test:
	// "" (independent requests), "connection" (kube-proxy picks per
	// connection) or "client" (session affinity pins a client to a pod).
	ClusterBy string    `json:"clusterBy,omitempty"`
	From      time.Time `json:"from"`
	// SettledAt is when the data plane had converged (pods ready, weight
	// applied); the split is measured over [SettledAt, To).
	SettledAt time.Time `json:"settledAt"`
	To        time.Time `json:"to"`
}

// Event types a backend records (rollout events are recorded by the runner
// with the rollout.EventType names).
const (
	EventPodScheduled    = "PodScheduled"
	EventPodReady        = "PodReady"
	EventPodDeleted      = "PodDeleted" // deletionTimestamp set
	EventEndpointRemoved = "EndpointRemoved"
	EventSIGTERM         = "SIGTERM"
	EventSIGKILL         = "SIGKILL"
	EventPodGone         = "PodGone"
	EventUnschedulable   = "PodUnschedulable"
	EventNodeCordoned    = "NodeCordoned"
	EventNodeUncordoned  = "NodeUncordoned"
	EventNodeKilled      = "NodeKilled"
	EventNodeStopped     = "NodeStopped"
	EventNodePaused      = "NodePaused"
	EventNodeResumed     = "NodeResumed"
	EventNodeStarted     = "NodeStarted"
	EventNodeNotReady    = "NodeNotReady"
	EventNodeReady       = "NodeReady"
	EventDrainStarted    = "DrainStarted"
	EventEvicted         = "Evicted"
	EventEviction429     = "Eviction429"
	EventDrainDone       = "DrainDone"
	EventDrainTimeout    = "DrainTimeout"
	EventWeightSet       = "WeightSet"     // router weight applied
	EventRouterUpdated   = "RouterUpdated" // data plane now uses the weight
	EventScaled          = "Scaled"
	EventCommand         = "Command"
)

// Event is one timestamped thing that happened.
type Event struct {
	At   time.Time `json:"at"`
	Type string    `json:"type"`
	// Object is the pod or node name, or the rollout.
	Object  string `json:"object,omitempty"`
	Version string `json:"version,omitempty"`
	Node    string `json:"node,omitempty"`
	// Value carries a number (weight, replicas, step index).
	Value   float64 `json:"value,omitempty"`
	Message string  `json:"message,omitempty"`
}
