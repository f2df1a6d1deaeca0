package scenarios

import (
	"github.com/canarylab/canarylab/loadgen"
	"github.com/canarylab/canarylab/rollout"
)

// APIVersion and Kind of a scenario file.
const (
	APIVersion = "canarylab.dev/v1alpha1"
	Kind       = "Scenario"
)

// Scenario is one scenario file.
type Scenario struct {
	APIVersion string   `json:"apiVersion"`
	Kind       string   `json:"kind"`
	Metadata   Metadata `json:"metadata"`
	Spec       Spec     `json:"spec"`

	// Path is the file the scenario was loaded from (not part of the format).
	Path string `json:"-"`
}

// Metadata names a scenario.
type Metadata struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

// Spec is the body of a scenario.
type Spec struct {
	Cluster    Cluster       `json:"cluster"`
	Workload   Workload      `json:"workload"`
	PDB        *PDB          `json:"pdb,omitempty"`
	Topology   *Topology     `json:"topology,omitempty"`
	Router     Router        `json:"router"`
	Rollout    Rollout       `json:"rollout"`
	Load       loadgen.Spec  `json:"load"`
	Chaos      []ChaosEvent  `json:"chaos,omitempty"`
	Assertions Assertions    `json:"assertions,omitempty"`
	Trials     int           `json:"trials,omitempty"` // default 1
	Seed       int64         `json:"seed,omitempty"`   // default 1
	Sim        *SimOverrides `json:"sim,omitempty"`
}

// Cluster describes the nodes. The control plane is implicit (not schedulable
// for the workload, as in kind).
type Cluster struct {
	// Workers lists worker nodes; Count > 1 expands into name-1..name-N.
	Workers []NodeGroup `json:"workers"`
}

// NodeGroup is a set of identical worker nodes in one zone.
type NodeGroup struct {
	Name  string `json:"name,omitempty"` // default "worker"
	Zone  string `json:"zone,omitempty"` // topology.kubernetes.io/zone
	Count int    `json:"count,omitempty"`
	// MaxPods bounds pods per node (default 110).
	MaxPods int `json:"maxPods,omitempty"`
}

// Workload is the Deployment pair (stable and canary) behind one Service.
type Workload struct {
	Replicas int32 `json:"replicas"`
	// Stable and Canary describe each version's behaviour.
	Stable VersionBehavior `json:"stable"`
	Canary VersionBehavior `json:"canary"`
	// MaxRequestsPerConnection makes the server close a keep-alive
	// connection after this many requests (like nginx keepalive_requests);
	// 0 means never.
	MaxRequestsPerConnection int `json:"maxRequestsPerConnection,omitempty"`
}

// Shutdown modes of a pod on SIGTERM.
const (
	ShutdownGraceful = "graceful" // stop accepting, finish in-flight, exit
	ShutdownAbrupt   = "abrupt"   // exit at once, resetting open connections
)

// VersionBehavior is how one version's pods behave.
type VersionBehavior struct {
	// ErrorRate is the fraction of requests answered 500 (0..1).
	ErrorRate float64 `json:"errorRate,omitempty"`
	// Latency of a served request.
	Latency Latency `json:"latency,omitempty"`
	// ReadinessDelay from container start to the readiness probe passing.
	ReadinessDelay rollout.Duration `json:"readinessDelay,omitempty"`
	// PreStopSleep is the preStop hook's sleep.
	PreStopSleep rollout.Duration `json:"preStopSleep,omitempty"`
	// TerminationGracePeriodSeconds (default 30).
	TerminationGracePeriodSeconds *int64 `json:"terminationGracePeriodSeconds,omitempty"`
	// Shutdown is graceful (default) or abrupt.
	Shutdown string `json:"shutdown,omitempty"`
	// ShutdownDrain is how long a graceful server keeps serving in-flight
	// requests after SIGTERM before exiting.
	ShutdownDrain rollout.Duration `json:"shutdownDrain,omitempty"`
}

// Latency is a log-normal service time given by two quantiles.
type Latency struct {
	P50 rollout.Duration `json:"p50,omitempty"`
	P99 rollout.Duration `json:"p99,omitempty"`
}

// PDB is a PodDisruptionBudget over both versions' pods; exactly one of
// MinAvailable and MaxUnavailable is set.
type PDB struct {
	MinAvailable   *rollout.IntOrPercent `json:"minAvailable,omitempty"`
	MaxUnavailable *rollout.IntOrPercent `json:"maxUnavailable,omitempty"`
	// UnhealthyPodEvictionPolicy is IfHealthyBudget (default) or AlwaysAllow.
	UnhealthyPodEvictionPolicy string `json:"unhealthyPodEvictionPolicy,omitempty"`
}

// Topology constrains scheduling.
type Topology struct {
	// Spread is a topologySpreadConstraint over the workload's pods.
	Spread *TopologySpread `json:"spread,omitempty"`
	// AntiAffinity is "required" or "preferred" pod anti-affinity per node.
	AntiAffinity string `json:"antiAffinity,omitempty"`
}

// TopologySpread mirrors a Pod's topologySpreadConstraints entry.
type TopologySpread struct {
	MaxSkew int32 `json:"maxSkew"`
	// TopologyKey is "zone" (topology.kubernetes.io/zone) or "hostname".
	TopologyKey string `json:"topologyKey"`
	// WhenUnsatisfiable is DoNotSchedule (default) or ScheduleAnyway.
	WhenUnsatisfiable string `json:"whenUnsatisfiable,omitempty"`
}

// Router types.
const (
	RouterService    = "service"    // replica ratio behind one Service (kube-proxy)
	RouterNginx      = "nginx"      // ingress-nginx canary annotations
	RouterGatewayAPI = "gatewayAPI" // HTTPRoute backendRef weights
	RouterIstio      = "istio"      // VirtualService weights
)

// Router is the data plane between the load and the pods. Its type must
// agree with the rollout's trafficRouting (service means none).
type Router struct {
	Type string `json:"type"`
	// SessionAffinity is "" or "ClientIP" (Service) or "cookie" (nginx
	// affinity cookie): a client sticks to the pod it first reached.
	SessionAffinity string `json:"sessionAffinity,omitempty"`
}

// Rollout is the Argo canary strategy: inline, or from an Argo Rollout
// manifest file (relative to the scenario file).
type Rollout struct {
	// Canary is spec.strategy.canary, pasted from an Argo Rollout.
	Canary *rollout.CanaryStrategy `json:"canary,omitempty"`
	// File is a path to an Argo Rollout manifest (kind: Rollout) whose
	// spec.strategy.canary (and spec.replicas, if set) are used.
	File string `json:"file,omitempty"`
	// StartAfter is how long the load runs on the stable version alone
	// before the rollout begins (a baseline window). Default 0.
	StartAfter rollout.Duration `json:"startAfter,omitempty"`
	// AnalysisTemplates resolve the step/background analysis templateName refs.
	AnalysisTemplates []AnalysisTemplate `json:"analysisTemplates,omitempty"`
}

// AnalysisTemplate is a named set of metrics (Argo's AnalysisTemplate spec).
type AnalysisTemplate struct {
	Name    string           `json:"name"`
	Metrics []rollout.Metric `json:"metrics"`
}

// Chaos actions.
const (
	ChaosCordon      = "cordon"
	ChaosUncordon    = "uncordon"
	ChaosDrain       = "drain"
	ChaosKill        = "kill"    // node gone at once (docker kill)
	ChaosStop        = "stop"    // graceful node stop (SIGRTMIN+3, then kill)
	ChaosPause       = "pause"   // processes frozen: requests hang
	ChaosRestart     = "restart" // stop then start
	ChaosAbort       = "abort"
	ChaosPromote     = "promote"
	ChaosPromoteFull = "promoteFull"
	ChaosRetry       = "retry"
)

// ChaosEvent is one scheduled action, at a time after the load starts or
// after a rollout step starts.
type ChaosEvent struct {
	// At is the offset from the start of the run.
	At *rollout.Duration `json:"at,omitempty"`
	// AtStep is a step index; the action fires After the step starts.
	AtStep *int32           `json:"atStep,omitempty"`
	After  rollout.Duration `json:"after,omitempty"`
	// Action is one of the Chaos* constants.
	Action string `json:"action"`
	// Node names a worker ("worker-2"), or is "canary"/"stable" for the node
	// running that version's first pod, for node actions.
	Node string `json:"node,omitempty"`
	// Duration for pause (then unpause) and restart (down time); 0 = forever
	// for pause, 10s for restart.
	Duration rollout.Duration `json:"duration,omitempty"`
	// Timeout for drain (kubectl drain --timeout); 0 waits forever.
	Timeout rollout.Duration `json:"timeout,omitempty"`
}

// Assertions are the checks that decide the verdict.
type Assertions struct {
	// Split checks each step's canary share against its weight.
	Split *SplitAssertion `json:"split,omitempty"`
	// MaxConnRefused bounds connection-refused errors over the run.
	MaxConnRefused *int `json:"maxConnRefused,omitempty"`
	// MinConnRefused requires at least this many (to show a known hazard).
	MinConnRefused *int `json:"minConnRefused,omitempty"`
	// MaxErrorRate bounds all errors over all requests (0..1).
	MaxErrorRate *float64 `json:"maxErrorRate,omitempty"`
	// MaxRollbackLatency bounds abort -> last canary request served.
	MaxRollbackLatency *rollout.Duration `json:"maxRollbackLatency,omitempty"`
	// Drain expectations.
	Drain *DrainAssertion `json:"drain,omitempty"`
	// NodeLossWindow bounds the error window of every node kill, stop or
	// pause: from the first to the last failed request attributed to the
	// lost node (e.g. about the 50 s node-monitor grace after a kill).
	NodeLossWindow *WindowAssertion `json:"nodeLossWindow,omitempty"`
	// Phase is the rollout phase expected at the end (Healthy, Degraded, Paused).
	Phase string `json:"phase,omitempty"`
}

// SplitAssertion fails a step whose canary share differs from the configured
// weight at level Alpha.
type SplitAssertion struct {
	Alpha float64 `json:"alpha"`
	// MinRequests below which a step is not tested (default 100).
	MinRequests int `json:"minRequests,omitempty"`
	// Settle is how long after the data plane converged (pods ready, weight
	// applied) the measured window starts (default 5s), leaving time for
	// endpoint and router propagation.
	Settle *rollout.Duration `json:"settle,omitempty"`
}

// WindowAssertion bounds a duration; either bound may be left out.
type WindowAssertion struct {
	Min *rollout.Duration `json:"min,omitempty"`
	Max *rollout.Duration `json:"max,omitempty"`
}

// DrainAssertion checks drains.
type DrainAssertion struct {
	// Blocked expects a PDB to block eviction at least once (429).
	Blocked *bool `json:"blocked,omitempty"`
	// Completes expects every drain to finish before the run ends.
	Completes *bool `json:"completes,omitempty"`
	// MinEvictions429 expects at least this many 429 answers.
	MinEvictions429 *int `json:"minEvictions429,omitempty"`
}

// SimOverrides tune the simulator's calibration (DESIGN.md defaults).
type SimOverrides struct {
	// EndpointPropagation is the delay from pod deletion to the data plane
	// dropping the endpoint: a log-normal by p50 and p99.
	EndpointPropagation *Latency `json:"endpointPropagation,omitempty"`
	// NodeMonitorGracePeriod before a silent node's endpoints go (default 50s).
	NodeMonitorGracePeriod *rollout.Duration `json:"nodeMonitorGracePeriod,omitempty"`
}
