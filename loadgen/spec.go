package loadgen

import "github.com/canarylab/canarylab/rollout"

// Pacer types, named after vegeta's pacers.
const (
	PacerConstant = "constant"
	PacerLinear   = "linear"
	PacerSine     = "sine"
)

// Spec is the load of a scenario.
type Spec struct {
	// Pacer shapes the request rate over time.
	Pacer PacerSpec `json:"pacer"`
	// Duration of the attack.
	Duration rollout.Duration `json:"duration"`
	// KeepAlive reuses connections (vegeta's default: true).
	KeepAlive *bool `json:"keepAlive,omitempty"`
	// Connections is the maximum number of open connections (vegeta's
	// -connections, default 10000; with keep-alive the pool size clients
	// actually reach is bounded by Workers).
	Connections int `json:"connections,omitempty"`
	// Workers is the number of concurrent attack workers (vegeta default 10).
	Workers int `json:"workers,omitempty"`
	// Timeout per request (vegeta default 30s).
	Timeout rollout.Duration `json:"timeout,omitempty"`
	// Headers sent with every request (e.g. a canary-by-header match).
	Headers map[string]string `json:"headers,omitempty"`
	// Cookies sent with every request (e.g. a canary-by-cookie match).
	Cookies map[string]string `json:"cookies,omitempty"`
	// Clients is the number of distinct client identities (source IPs or
	// session cookies) for session affinity; default 1.
	Clients int `json:"clients,omitempty"`
	// SessionRequests, when > 0, models sessions arriving over time: each
	// client identity sends this many consecutive requests and leaves, and
	// the next request comes from a new client. Clients is then ignored.
	SessionRequests int `json:"sessionRequests,omitempty"`
}

// PacerSpec configures one of vegeta's pacers.
type PacerSpec struct {
	// Type is constant (default), linear or sine.
	Type string `json:"type,omitempty"`
	// Rate is the constant rate, the linear start rate, or the sine mean,
	// in requests per second.
	Rate float64 `json:"rate"`
	// Slope is the linear pacer's rate increase per second.
	Slope float64 `json:"slope,omitempty"`
	// Amplitude and Period shape the sine pacer.
	Amplitude float64          `json:"amplitude,omitempty"`
	Period    rollout.Duration `json:"period,omitempty"`
}

// Defaults, as vegeta's.
const (
	DefaultWorkers     = 10
	DefaultConnections = 10000
	DefaultTimeoutSec  = 30
)
