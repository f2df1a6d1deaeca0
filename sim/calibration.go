package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/canarylab/canarylab/scenarios"
)

// Epoch is the virtual time at which every simulation starts.
var Epoch = time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)

// LogNormal is a log-normal delay given by its median and 99th percentile.
// P99 == P50 makes it a constant.
type LogNormal struct {
	P50 time.Duration
	P99 time.Duration
}

// z99 is the standard normal's 0.99 quantile.
const z99 = 2.3263478740408408

// Sample draws one delay from r.
func (l LogNormal) Sample(r *rand.Rand) time.Duration {
	if l.P50 <= 0 {
		return 0
	}
	if l.P99 <= l.P50 {
		return l.P50
	}
	sigma := math.Log(float64(l.P99)/float64(l.P50)) / z99
	return time.Duration(float64(l.P50) * math.Exp(sigma*r.NormFloat64()))
}

// Calibration holds the simulator's model constants. Defaults (see
// DefaultCalibration) come from DESIGN.md's calibration table; a scenario's
// spec.sim overrides some of them.
type Calibration struct {
	// ContainerStart is from binding a pod to its process listening.
	ContainerStart time.Duration
	// EndpointPropagation is the delay from an endpoint change in the API
	// (pod ready, pod deleted, node not ready) to the data plane using it.
	EndpointPropagation LogNormal
	// RouterSync is the delay from a router weight change in the API to the
	// L7 data plane applying it (RouterUpdated).
	RouterSync time.Duration
	// DefaultGracePeriod is terminationGracePeriodSeconds when unset.
	DefaultGracePeriod time.Duration
	// PreStopOverrun is the extra time the kubelet grants when preStop runs
	// past the grace period, before SIGKILL.
	PreStopOverrun time.Duration
	// NodeMonitorGrace is how long a silent node stays Ready. The simulated
	// node controller notices exactly then; a real one checks every
	// node-monitor period (5 s), so there it is 50-55 s.
	NodeMonitorGrace time.Duration
	// Toleration is how long pods stay bound to a NotReady node before the
	// taint manager deletes them (DefaultTolerationSeconds).
	Toleration time.Duration
	// DrainRetry is kubectl drain's wait between evictions refused with 429.
	DrainRetry time.Duration
	// NodeStopKill is how long a stopped node keeps its network before it is
	// gone like a killed one (docker stop's timeout).
	NodeStopKill time.Duration
	// RestartDowntime is a restart's down time when the chaos event has none.
	RestartDowntime time.Duration
	// NginxTries is ingress-nginx's proxy-next-upstream-tries.
	NginxTries int
	// NginxConnectTimeout is ingress-nginx's proxy-connect-timeout.
	NginxConnectTimeout time.Duration
	// IstioRetries is Envoy's retry count under Istio's default policy.
	IstioRetries int
	// IstioConnectTimeout is Envoy's cluster connect timeout under Istio.
	IstioConnectTimeout time.Duration
	// GatewayDialTimeout is the Gateway API router's dial timeout.
	GatewayDialTimeout time.Duration
	// DefaultLatency is a version's service time when its spec has none.
	DefaultLatency LogNormal
	// StartTimeout bounds how long Start waits for the stable pods.
	StartTimeout time.Duration
}

// DefaultCalibration returns the simulator's defaults. Endpoint propagation
// defaults to a kind-sized cluster (p50 0.8 s, p99 2.5 s: kube-proxy's 1 s
// minSyncPeriod dominates); DESIGN.md's 100-node figures (p50 1.5 s, p99
// 6.8 s) are one spec.sim.endpointPropagation away.
func DefaultCalibration() Calibration {
	return Calibration{
		ContainerStart:      time.Second,
		EndpointPropagation: LogNormal{P50: 800 * time.Millisecond, P99: 2500 * time.Millisecond},
		RouterSync:          time.Second,
		DefaultGracePeriod:  30 * time.Second,
		PreStopOverrun:      2 * time.Second,
		NodeMonitorGrace:    50 * time.Second,
		Toleration:          300 * time.Second,
		DrainRetry:          5 * time.Second,
		NodeStopKill:        10 * time.Second,
		RestartDowntime:     10 * time.Second,
		NginxTries:          3,
		NginxConnectTimeout: 5 * time.Second,
		IstioRetries:        2,
		IstioConnectTimeout: 10 * time.Second,
		GatewayDialTimeout:  30 * time.Second,
		DefaultLatency:      LogNormal{P50: 10 * time.Millisecond, P99: 50 * time.Millisecond},
		StartTimeout:        2 * time.Minute,
	}
}

// withOverrides applies a scenario's spec.sim.
func (c Calibration) withOverrides(o *scenarios.SimOverrides) (Calibration, error) {
	if o == nil {
		return c, nil
	}
	if p := o.EndpointPropagation; p != nil {
		l := LogNormal{P50: p.P50.D(), P99: p.P99.D()}
		if l.P99 == 0 {
			l.P99 = l.P50
		}
		if l.P99 < l.P50 {
			return c, fmt.Errorf("spec.sim.endpointPropagation: p99 %v below p50 %v", l.P99, l.P50)
		}
		c.EndpointPropagation = l
	}
	if g := o.NodeMonitorGracePeriod; g != nil {
		c.NodeMonitorGrace = g.D()
	}
	return c, nil
}
