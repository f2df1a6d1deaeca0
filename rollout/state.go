package rollout

import "time"

// Phase is the rollout's overall state.
type Phase string

// Phases, as Argo Rollouts reports them.
const (
	PhaseProgressing Phase = "Progressing"
	PhasePaused      Phase = "Paused"
	PhaseHealthy     Phase = "Healthy"  // fully promoted, canary is the new stable
	PhaseDegraded    Phase = "Degraded" // aborted
)

// Status is what the core persists between reconciles, like a Rollout's
// .status: the backend (or runner) stores it and hands it back in Observed.
// The zero value is a rollout that has not started.
type Status struct {
	Phase Phase `json:"phase"`
	// CurrentStepIndex indexes Spec.Canary.Steps; len(Steps) means done.
	CurrentStepIndex int32 `json:"currentStepIndex"`
	// StepStartedAt is when the current step began.
	StepStartedAt time.Time `json:"stepStartedAt"`
	// PauseStartTime is set while a pause step (or an analysis-inconclusive
	// pause) holds the rollout.
	PauseStartTime *time.Time `json:"pauseStartTime,omitempty"`
	// PauseReason says what holds the rollout while PauseStartTime is set:
	// PauseReasonStep or PauseReasonInconclusive (Argo's pause condition
	// reasons).
	PauseReason string `json:"pauseReason,omitempty"`
	// Aborted is set by an abort command or a failed analysis.
	Aborted   bool       `json:"aborted,omitempty"`
	AbortedAt *time.Time `json:"abortedAt,omitempty"`
	// AbortReason says why ("manual abort", "analysis ... failed").
	AbortReason string `json:"abortReason,omitempty"`
	// PromoteFull skips all remaining steps and analysis.
	PromoteFull bool `json:"promoteFull,omitempty"`
	// Completed is set once the canary is the new stable.
	Completed   bool       `json:"completed,omitempty"`
	CompletedAt *time.Time `json:"completedAt,omitempty"`
	// CanaryScale is the replica override of the last setCanaryScale step.
	CanaryScale *SetCanaryScale `json:"canaryScale,omitempty"`
	// Analyses holds the step and background analysis runs.
	Analyses []AnalysisRun `json:"analyses,omitempty"`
}

// AnalysisPhase is the state of one analysis run or measurement.
type AnalysisPhase string

// Analysis phases, as in Argo's AnalysisRun.
const (
	AnalysisRunning      AnalysisPhase = "Running"
	AnalysisSuccessful   AnalysisPhase = "Successful"
	AnalysisFailed       AnalysisPhase = "Failed"
	AnalysisInconclusive AnalysisPhase = "Inconclusive"
)

// AnalysisRun is one run of an Analysis: for step StepIndex, or background
// analysis when Background is set.
type AnalysisRun struct {
	StepIndex  int32          `json:"stepIndex"`
	Background bool           `json:"background,omitempty"`
	StartedAt  time.Time      `json:"startedAt"`
	Phase      AnalysisPhase  `json:"phase"`
	Metrics    []MetricResult `json:"metrics"`
}

// MetricResult records one metric's measurements in a run.
type MetricResult struct {
	Name         string        `json:"name"`
	Phase        AnalysisPhase `json:"phase"`
	Measurements []Measurement `json:"measurements,omitempty"`
	Successful   int32         `json:"successful"`
	Failed       int32         `json:"failed"`
	Inconclusive int32         `json:"inconclusive"`
}

// Measurement is one measured value and its verdict.
type Measurement struct {
	At    time.Time     `json:"at"`
	Value float64       `json:"value"`
	OK    bool          `json:"ok"` // false when there was no data
	Phase AnalysisPhase `json:"phase"`
}

// ReplicaSetStatus is what a backend sees of one version's pods.
type ReplicaSetStatus struct {
	// Desired is the replica count last applied.
	Desired int32 `json:"desired"`
	// Ready pods (readiness probe passing, not terminating).
	Ready int32 `json:"ready"`
	// Available pods (ready for minReadySeconds; equals Ready in canarylab).
	Available int32 `json:"available"`
}

// MetricSource answers data-plane queries over a time window. Backends
// implement it from the requests they have recorded so far.
type MetricSource interface {
	// Measure returns the value of q over requests started in [from, to).
	// ok is false when there were no requests to measure.
	Measure(q DataPlaneQuery, from, to time.Time) (value float64, ok bool)
}

// Observed is everything the core reads: what the backend saw plus the
// persisted Status.
type Observed struct {
	Stable ReplicaSetStatus `json:"stable"`
	Canary ReplicaSetStatus `json:"canary"`
	// Weight is the canary weight the router currently has (0..MaxTrafficWeight).
	Weight int32 `json:"weight"`
	// CanaryRoute says whether the canary route/Ingress/backendRef exists.
	CanaryRoute bool `json:"canaryRoute,omitempty"`
	// Status is the state persisted from the previous reconcile.
	Status Status `json:"status"`
	// Metrics answers analysis queries; may be nil when no analysis is used.
	Metrics MetricSource `json:"-"`
}

// Desired is the state the core wants the backend to converge to.
type Desired struct {
	StableReplicas int32 `json:"stableReplicas"`
	CanaryReplicas int32 `json:"canaryReplicas"`
	// Weight is the canary's router weight. Without a router it is the
	// weight the replica ratio approximates (for reports).
	Weight int32 `json:"weight"`
	// CanaryRoute says whether the canary route/Ingress/backendRef exists.
	CanaryRoute bool `json:"canaryRoute"`
}

// ActionType names one kind of action.
type ActionType string

// Action types.
const (
	ActionScaleStable ActionType = "ScaleStable"
	ActionScaleCanary ActionType = "ScaleCanary"
	ActionSetWeight   ActionType = "SetWeight"
	ActionCreateRoute ActionType = "CreateCanaryRoute"
	ActionDeleteRoute ActionType = "DeleteCanaryRoute"
)

// Action is one change for a backend to apply.
type Action struct {
	Type     ActionType `json:"type"`
	Replicas int32      `json:"replicas,omitempty"`
	Weight   int32      `json:"weight,omitempty"`
}

// EventType names something that happened in the rollout.
type EventType string

// Rollout event types.
const (
	EventStepStarted      EventType = "StepStarted"
	EventPaused           EventType = "Paused"
	EventResumed          EventType = "Resumed"
	EventAnalysisMeasured EventType = "AnalysisMeasured"
	EventAnalysisDone     EventType = "AnalysisCompleted"
	EventAborted          EventType = "Aborted"
	EventPromoted         EventType = "Promoted"
	EventCompleted        EventType = "Completed"
)

// Event is a rollout event at a time, for the report's timeline.
type Event struct {
	At      time.Time `json:"at"`
	Type    EventType `json:"type"`
	Step    int32     `json:"step"`
	Message string    `json:"message,omitempty"`
}

// Result is what one reconcile decides.
type Result struct {
	Desired Desired  `json:"desired"`
	Actions []Action `json:"actions,omitempty"` // Desired minus Observed
	Status  Status   `json:"status"`            // to persist
	Events  []Event  `json:"events,omitempty"`
}

// Command is a user command (kubectl argo rollouts promote/abort/retry).
type Command string

// Commands.
const (
	CommandPromote     Command = "promote"
	CommandPromoteFull Command = "promote-full"
	CommandAbort       Command = "abort"
	CommandRetry       Command = "retry"
)
