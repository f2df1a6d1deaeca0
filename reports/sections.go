package reports

// Shutdown attributes failed requests to the pod terminations that caused
// them. A failed request is attributed to a terminated pod when the record
// names that pod and the failure (request start + latency) came at or after
// the pod's first termination event (PodDeleted, SIGTERM, SIGKILL or
// PodGone), unless it is attributed to node loss first (see NodeLoss).
type Shutdown struct {
	// ConnRefused counts refused requests attributed to pod terminations.
	ConnRefused int `json:"connRefused"`
	// Pods lists every terminated pod, by termination time then name.
	Pods []PodTermination `json:"pods"`
	// Unattributed counts failures attributed to neither a terminated pod
	// nor a lost node (e.g. a Service with no endpoint, which names no pod).
	Unattributed ErrorCounts `json:"unattributed"`
}

// PodTermination is one terminated pod and the errors it caused.
type PodTermination struct {
	// Pod is the pod's name.
	Pod string `json:"pod"`
	// Version ("stable" or "canary") and Node are from its first
	// termination event that carries them.
	Version string `json:"version,omitempty"`
	// Node is the node the pod ran on.
	Node string `json:"node,omitempty"`
	// DeletedAt is the PodDeleted event (deletionTimestamp set).
	DeletedAt *float64 `json:"deletedAt"`
	// EndpointRemovedAt is the first EndpointRemoved event for the pod.
	EndpointRemovedAt *float64 `json:"endpointRemovedAt"`
	// SIGTERMAt is the SIGTERM event (after preStop).
	SIGTERMAt *float64 `json:"sigtermAt"`
	// SIGKILLAt is the SIGKILL event (grace period over), if any.
	SIGKILLAt *float64 `json:"sigkillAt"`
	// Errors counts the failures attributed to this termination.
	Errors ErrorCounts `json:"errors"`
	// FirstErrorAt is the earliest attributed failure (start + latency).
	FirstErrorAt *float64 `json:"firstErrorAt"`
	// LastErrorAt is the latest attributed failure.
	LastErrorAt *float64 `json:"lastErrorAt"`
}

// PDBResult describes evictions and drains.
type PDBResult struct {
	// Evictions429 counts Eviction429 events: evictions a PDB refused.
	Evictions429 int `json:"evictions429"`
	// Evicted counts successful evictions (Evicted events).
	Evicted int `json:"evicted"`
	// BlockedSeconds is the sum of the drains' BlockedSeconds.
	BlockedSeconds float64 `json:"blockedSeconds"`
	// Drains lists drains by start time.
	Drains []Drain `json:"drains"`
}

// Drain statuses.
const (
	DrainDone       = "done"
	DrainTimeout    = "timeout"
	DrainUnfinished = "unfinished"
)

// Drain is one node drain, from DrainStarted to DrainDone or DrainTimeout
// (or the end of the run: status unfinished).
type Drain struct {
	// Node is the drained node.
	Node string `json:"node"`
	// Start is the DrainStarted event.
	Start float64 `json:"start"`
	// End is the DrainDone or DrainTimeout event, else the trace's end.
	End float64 `json:"end"`
	// Status is DrainDone, DrainTimeout or DrainUnfinished.
	Status string `json:"status"`
	// Attempts counts eviction calls for pods on the node during the drain
	// (Evicted plus Eviction429 events).
	Attempts int `json:"attempts"`
	// Evictions429 counts the drain's refused evictions.
	Evictions429 int `json:"evictions429"`
	// BlockedSeconds is how long the drain stalled on 429s: the length of
	// the union over pods of [the pod's first 429, its eviction or the
	// drain's end].
	BlockedSeconds float64 `json:"blockedSeconds"`
}

// Rollback times an abort. The figures are null when there was no abort
// (Aborted false) or when the event they time did not happen.
type Rollback struct {
	// Aborted is true when the rollout was aborted.
	Aborted bool `json:"aborted"`
	// AbortedAt is Trace.Final.AbortedAt, else the first Aborted event.
	AbortedAt *float64 `json:"abortedAt"`
	// WeightZeroAt is the first WeightSet event with weight 0 at or after
	// the abort.
	WeightZeroAt *float64 `json:"weightZeroAt"`
	// RouterZeroAt is the first RouterUpdated event with weight 0 at or
	// after the abort: the data plane uses weight 0.
	RouterZeroAt *float64 `json:"routerZeroAt"`
	// LastCanaryServedAt is the start of the last request a canary pod
	// answered (loadgen.Record.AnsweredByPod, any status: the data plane
	// still sent it to the canary) that started at or after the abort.
	LastCanaryServedAt *float64 `json:"lastCanaryServedAt"`
	// CanaryServedAfterAbort counts requests a canary pod answered that
	// started at or after the abort.
	CanaryServedAfterAbort int `json:"canaryServedAfterAbort"`
	// CanaryScaledDownAt is the first Scaled event of the canary to 0
	// replicas at or after the abort.
	CanaryScaledDownAt *float64 `json:"canaryScaledDownAt"`
	// LatencySeconds is LastCanaryServedAt - AbortedAt, 0 when no canary
	// request started after the abort; null without an abort.
	LatencySeconds *float64 `json:"latencySeconds"`
}

// NodeLoss is one node kill, stop or pause and the errors it caused. A
// failed request is attributed to it when the record names the node and the
// failure came at or after the action and before the node came back
// (NodeStarted, NodeResumed or NodeReady).
type NodeLoss struct {
	// Node is the lost node.
	Node string `json:"node"`
	// Action is "kill", "stop" or "pause".
	Action string `json:"action"`
	// At is the NodeKilled, NodeStopped or NodePaused event.
	At float64 `json:"at"`
	// RecoveredAt is when the node came back; null if it did not.
	RecoveredAt *float64 `json:"recoveredAt"`
	// Errors counts the attributed failures.
	Errors ErrorCounts `json:"errors"`
	// FirstErrorAt is the earliest attributed failure (start + latency).
	FirstErrorAt *float64 `json:"firstErrorAt"`
	// LastErrorAt is the latest attributed failure.
	LastErrorAt *float64 `json:"lastErrorAt"`
	// ErrorWindowSeconds is LastErrorAt - FirstErrorAt (null without errors).
	ErrorWindowSeconds *float64 `json:"errorWindowSeconds"`
	// EndpointsRemovedAfterSeconds is the time from the action to the last
	// EndpointRemoved event of a pod on the node before it came back: when
	// the data plane stopped sending it traffic. Null if that never happened.
	EndpointsRemovedAfterSeconds *float64 `json:"endpointsRemovedAfterSeconds"`
}
