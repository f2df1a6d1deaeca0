package reports

// Verdicts.
const (
	VerdictPass = "pass"
	VerdictFail = "fail"
)

// Split tests and interval methods named in a StepResult.
const (
	TestExactBinomial   = "exact binomial"
	TestClustered       = "connection-clustered"
	TestClientClustered = "client-clustered"
	CIClopperPearson    = "Clopper-Pearson"
	CIWilsonEffective   = "Wilson at effective n"
)

// Cluster units of a StepSpan (scenarios.StepSpan.ClusterBy).
const (
	ClusterByConnection = "connection"
	ClusterByClient     = "client"
)

// DefaultAlpha is the split test level when the scenario asserts none, and
// DefaultMinRequests the step size below which a split is not tested.
const (
	DefaultAlpha       = 0.05
	DefaultMinRequests = 100
)

// Report is the outcome of one run (or, from Aggregate, of several trials).
// All times are seconds since the trace's start; floats are rounded to six
// significant digits so the JSON is stable.
type Report struct {
	// Scenario is the scenario's metadata.name.
	Scenario string `json:"scenario"`
	// File is the base name of the scenario file it came from (not the path
	// as typed, so the report does not depend on the working directory).
	File string `json:"file"`
	// Backend is the backend that ran it (Trace.Backend).
	Backend string `json:"backend"`
	// DataPlane is the data plane that served the traffic (Trace.DataPlane).
	DataPlane string `json:"dataPlane"`
	// Seed is the seed of the run (the first trial's for an aggregate).
	Seed int64 `json:"seed"`
	// Trials is the number of runs behind the report (1 for Build).
	Trials int `json:"trials"`
	// Requests is the number of requests recorded (summed over trials).
	Requests int `json:"requests"`
	// DurationSeconds is Trace.End - Trace.Start (mean over trials).
	DurationSeconds float64 `json:"durationSeconds"`
	// Alpha is the level of the split tests.
	Alpha float64 `json:"alpha"`
	// Steps holds the split of every span of constant configured weight
	// (null in an aggregate: see Aggregate.Steps).
	Steps []StepResult `json:"steps"`
	// Errors counts failed requests by kind over the run (summed over trials).
	Errors ErrorCounts `json:"errors"`
	// ErrorRate is Errors.Total / Requests (0 without requests).
	ErrorRate float64 `json:"errorRate"`
	// Shutdown attributes errors to pod terminations.
	Shutdown *Shutdown `json:"shutdown,omitempty"`
	// PDB describes drains and the 429s PodDisruptionBudgets caused.
	PDB *PDBResult `json:"pdb,omitempty"`
	// Rollback times the abort; its figures are null when there was none.
	Rollback *Rollback `json:"rollback,omitempty"`
	// NodeLoss has one entry per node kill, stop or pause (null in an
	// aggregate).
	NodeLoss []NodeLoss `json:"nodeLoss"`
	// Rollout is the rollout's final state.
	Rollout *RolloutResult `json:"rollout,omitempty"`
	// Verdict is VerdictPass or VerdictFail.
	Verdict string `json:"verdict"`
	// Reasons lists every failed assertion in one sentence each, with its
	// numbers (empty on a pass).
	Reasons []string `json:"reasons"`
	// Aggregate holds the headline figures over trials (Aggregate only).
	Aggregate *AggregateFigures `json:"aggregate,omitempty"`
	// TrialResults summarises each trial (Aggregate only).
	TrialResults []TrialResult `json:"trialResults,omitempty"`
}

// StepResult is the measured split during one StepSpan.
type StepResult struct {
	// Step is the rollout step index that set the weight.
	Step int32 `json:"step"`
	// ConfiguredWeight is the canary weight in percent.
	ConfiguredWeight int32 `json:"configuredWeight"`
	// ExpectedShare is the canary share the configuration implies.
	ExpectedShare float64 `json:"expectedShare"`
	// FromSeconds is when the weight was configured.
	FromSeconds float64 `json:"fromSeconds"`
	// SettledSeconds is when the data plane had converged (StepSpan
	// SettledAt): the measured window is [SettledSeconds, ToSeconds).
	SettledSeconds float64 `json:"settledSeconds"`
	// ToSeconds is when the span ended.
	ToSeconds float64 `json:"toSeconds"`
	// Requests counts the requests in the window a pod answered
	// (loadgen.Record.AnsweredByPod: any status, the pod's own 5xx
	// included), so the share measures where the router sent traffic.
	Requests int `json:"requests"`
	// CanaryRequests counts those served by a canary pod.
	CanaryRequests int `json:"canaryRequests"`
	// CanaryShare is CanaryRequests / Requests (0 without requests).
	CanaryShare float64 `json:"canaryShare"`
	// CI95 is the 95 % interval of the canary share: Clopper-Pearson for the
	// exact binomial test, Wilson at the effective sample size Requests /
	// DesignEffect for the clustered ones.
	CI95 [2]float64 `json:"ci95"`
	// CIMethod is CIClopperPearson or CIWilsonEffective.
	CIMethod string `json:"ciMethod"`
	// PValue is the two-sided p-value of CanaryShare against ExpectedShare
	// (stats.BinomialTest, or stats.Clustered.Test for per-connection
	// routers); null when the step was not tested.
	PValue *float64 `json:"pValue"`
	// Test is TestExactBinomial, TestClustered or TestClientClustered (the
	// clustered z test of stats.Clustered.Test). Expected shares of 0 or 1
	// are always tested exactly (p = 1 when no request contradicts them).
	Test string `json:"test"`
	// Tested is false when Requests < the minimum (then Pass is true) or
	// when a clustered test has fewer than MinClusters clusters.
	Tested bool `json:"tested"`
	// NotTested says why a step with enough requests was not tested (too
	// few clusters); a split assertion then fails, since it has no evidence.
	NotTested string `json:"notTested,omitempty"`
	// Connections counts the clusters among the requests: distinct client
	// connections (or clients, when ClusterBy is "client"); requests with
	// connection 0 (unknown) count one each. Without clustering it counts
	// distinct connections too, for information.
	Connections int `json:"connections"`
	// ClusterBy is the span's cluster unit: "", "connection" or "client".
	ClusterBy string `json:"clusterBy,omitempty"`
	// DesignEffect is the clustered variance over the binomial one (floored
	// at 1; exactly 1 for per-request routers, whose choice ignores the
	// connection).
	DesignEffect float64 `json:"designEffect"`
	// MinDetectableDeviation is the smallest |share - expected| the test
	// detects with power 0.8 at Alpha, given Requests and DesignEffect.
	MinDetectableDeviation float64 `json:"minDetectableDeviation"`
	// Pass is false when the step's test is rejected at family-wise level
	// Alpha by Holm's step-down correction over the run's tested steps
	// (stats.Holm; with one tested step, PValue < Alpha); true when
	// untested. It decides the verdict only when the scenario asserts the
	// split.
	Pass bool `json:"pass"`
}

// ErrorCounts counts failed requests by loadgen.ErrorKind.
type ErrorCounts struct {
	// Refused counts loadgen.ErrRefused (connect: connection refused).
	Refused int `json:"refused"`
	// Reset counts loadgen.ErrReset (reset by peer, EOF mid-request).
	Reset int `json:"reset"`
	// Timeout counts loadgen.ErrTimeout (no answer within the timeout).
	Timeout int `json:"timeout"`
	// Status5xx counts 5xx answers (Err5xx, or no error kind and a status
	// of 500 or more).
	Status5xx int `json:"5xx"`
	// Other counts failures of an unknown kind or with no status at all.
	Other int `json:"other"`
	// Total is the sum of the above: every request that was not Served().
	Total int `json:"total"`
}

// RolloutResult is the rollout's final status.
type RolloutResult struct {
	// Phase is Trace.Final.Phase.
	Phase string `json:"phase"`
	// StepIndex is Trace.Final.CurrentStepIndex.
	StepIndex int32 `json:"stepIndex"`
	// Aborted is Trace.Final.Aborted.
	Aborted bool `json:"aborted"`
	// AbortReason says why the rollout aborted.
	AbortReason string `json:"abortReason,omitempty"`
	// Completed is set once the canary became the new stable.
	Completed bool `json:"completed"`
}
