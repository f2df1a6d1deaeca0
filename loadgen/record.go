package loadgen

import "time"

// ErrorKind classifies a failed request.
type ErrorKind string

// Error kinds. The empty kind is a success (2xx-4xx from a pod).
const (
	ErrNone    ErrorKind = ""
	ErrRefused ErrorKind = "refused" // connect: connection refused
	ErrReset   ErrorKind = "reset"   // connection reset by peer / EOF mid-request
	ErrTimeout ErrorKind = "timeout" // no answer within the timeout
	Err5xx     ErrorKind = "5xx"     // 500-599 status, from a pod or a router
)

// Record is one request as both backends record it: when it started, how it
// ended and who served it.
type Record struct {
	// Seq is the request's sequence number in the attack.
	Seq uint64 `json:"seq"`
	// Start is when the request was sent (virtual time on the simulator).
	Start time.Time `json:"start"`
	// Latency until the response or the error.
	Latency time.Duration `json:"latency"`
	// Conn identifies the client connection the request used (0 when unknown).
	Conn uint64 `json:"conn"`
	// Client identifies the client identity (session) that sent it.
	Client int `json:"client"`
	// Version is "stable" or "canary" for the pod that served (or refused)
	// the request; empty when no pod was reached.
	Version string `json:"version,omitempty"`
	// Pod and Node name the serving pod and its node, when known.
	Pod  string `json:"pod,omitempty"`
	Node string `json:"node,omitempty"`
	// Code is the HTTP status code, 0 when there was no response.
	Code int `json:"code"`
	// Error classifies a failure; empty on success.
	Error ErrorKind `json:"error,omitempty"`
	// ByRouter is set when an L7 router made the response (a 502/503/504
	// after its upstream tries failed); Pod then names the last pod tried.
	ByRouter bool `json:"byRouter,omitempty"`
	// Attempts counts router retries (1 when served at the first try).
	Attempts int `json:"attempts"`
	// ClientRetries counts the HTTP client's own silent retries: Go's
	// transport resends an idempotent request that failed on a reused
	// connection before any response byte, once, on a new connection.
	ClientRetries int `json:"clientRetries,omitempty"`
}

// Served reports whether a pod answered the request with a non-5xx status.
func (r Record) Served() bool { return r.Error == ErrNone && r.Code > 0 && r.Code < 500 }

// AnsweredByPod reports whether a pod of a known version answered the
// request with any HTTP status, its own 5xx included. Router-made answers
// (ByRouter: a 502/503/504 after failed upstream tries) do not count. This is the
// denominator of the traffic split: where the router actually sent requests.
func (r Record) AnsweredByPod() bool {
	return r.Code > 0 && !r.ByRouter && r.Pod != "" && r.Version != ""
}
