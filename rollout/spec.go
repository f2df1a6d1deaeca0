package rollout

import (
	"fmt"
	"strconv"
)

// Spec is what the core reconciles toward: the replica count and the canary
// strategy of one Rollout.
type Spec struct {
	// Replicas is the Rollout's spec.replicas.
	Replicas int32 `json:"replicas"`
	// Canary is the Rollout's spec.strategy.canary.
	Canary CanaryStrategy `json:"canary"`
}

// CanaryStrategy mirrors Argo Rollouts' spec.strategy.canary (the fields that
// matter for traffic, scaling and analysis).
type CanaryStrategy struct {
	// Steps run in order. A rollout with no steps goes to 100 % at once.
	Steps []Step `json:"steps,omitempty"`
	// TrafficRouting selects a router. Nil means no router: the split follows
	// ready-pod counts behind one Service (replica ratio).
	TrafficRouting *TrafficRouting `json:"trafficRouting,omitempty"`
	// MaxSurge as in Argo (absolute count or "25%"); default "25%".
	MaxSurge *IntOrPercent `json:"maxSurge,omitempty"`
	// MaxUnavailable as in Argo (absolute count or "25%"); default "25%".
	MaxUnavailable *IntOrPercent `json:"maxUnavailable,omitempty"`
	// DynamicStableScale scales the stable set down as canary weight rises
	// (traffic routers only).
	DynamicStableScale bool `json:"dynamicStableScale,omitempty"`
	// AbortScaleDownDelaySeconds is how long the canary keeps its pods after an
	// abort once the router weight is back to 0. Default 30; 0 means never
	// scale down (as in Argo).
	AbortScaleDownDelaySeconds *int32 `json:"abortScaleDownDelaySeconds,omitempty"`
	// ScaleDownDelaySeconds delays scaling the old stable set down after a
	// full promotion with a traffic router. Default 30.
	ScaleDownDelaySeconds *int32 `json:"scaleDownDelaySeconds,omitempty"`
	// Analysis is background analysis, run from StartingStep until the
	// rollout completes or aborts.
	Analysis *BackgroundAnalysis `json:"analysis,omitempty"`
}

// Step is one canary step; exactly one field is set.
type Step struct {
	SetWeight      *int32          `json:"setWeight,omitempty"`
	Pause          *Pause          `json:"pause,omitempty"`
	SetCanaryScale *SetCanaryScale `json:"setCanaryScale,omitempty"`
	Analysis       *Analysis       `json:"analysis,omitempty"`
}

// Pause stops the rollout: for Duration, or until promoted when Duration is nil.
type Pause struct {
	Duration *Duration `json:"duration,omitempty"`
}

// SetCanaryScale decouples the canary's replica count from its traffic weight
// (traffic routers only). Exactly one field is set.
type SetCanaryScale struct {
	// Weight is a percentage of spec.replicas.
	Weight *int32 `json:"weight,omitempty"`
	// Replicas is an absolute count.
	Replicas *int32 `json:"replicas,omitempty"`
	// MatchTrafficWeight returns to the default: canary pods follow the weight.
	MatchTrafficWeight bool `json:"matchTrafficWeight,omitempty"`
}

// Analysis is an analysis step (or the body of background analysis): metrics
// measured on the data plane. In Argo the metrics live in AnalysisTemplates;
// scenarios may reference templates by name (resolved by the scenario loader
// into Metrics) or give the metrics inline.
type Analysis struct {
	Templates []AnalysisTemplateRef `json:"templates,omitempty"`
	// Metrics are the resolved metrics; the core reads only these.
	Metrics []Metric `json:"metrics,omitempty"`
}

// BackgroundAnalysis runs for the whole rollout, from StartingStep on.
type BackgroundAnalysis struct {
	Analysis `json:",inline"`
	// StartingStep is the step index at which background analysis starts.
	StartingStep *int32 `json:"startingStep,omitempty"`
}

// AnalysisTemplateRef names an AnalysisTemplate.
type AnalysisTemplateRef struct {
	TemplateName string `json:"templateName"`
}

// Metric is one AnalysisTemplate metric (Argo field names).
type Metric struct {
	Name string `json:"name"`
	// Interval between measurements. Zero means a single measurement.
	Interval Duration `json:"interval,omitempty"`
	// InitialDelay before the first measurement.
	InitialDelay Duration `json:"initialDelay,omitempty"`
	// Count is the number of measurements. Nil with an Interval means
	// measure until the analysis is stopped (background analysis); nil with
	// no Interval means one measurement.
	Count *int32 `json:"count,omitempty"`
	// SuccessCondition and FailureCondition are expressions over `result`,
	// e.g. "result >= 0.99" (see EvalCondition for the grammar).
	SuccessCondition string `json:"successCondition,omitempty"`
	FailureCondition string `json:"failureCondition,omitempty"`
	// FailureLimit is the number of failed measurements tolerated (default 0).
	FailureLimit *int32 `json:"failureLimit,omitempty"`
	// InconclusiveLimit is the number of inconclusive measurements tolerated
	// (default 0).
	InconclusiveLimit *int32 `json:"inconclusiveLimit,omitempty"`
	// Provider says what is measured.
	Provider MetricProvider `json:"provider"`
}

// MetricProvider selects a metric source. canarylab measures its own data
// plane: the requests its load generator sent.
type MetricProvider struct {
	DataPlane *DataPlaneQuery `json:"dataPlane,omitempty"`
}

// DataPlaneQuery is a metric computed from the requests served in a window.
type DataPlaneQuery struct {
	// Query is one of QuerySuccessRate, QueryErrorRate, QueryLatency.
	Query string `json:"query"`
	// Version is "canary" (default) or "stable".
	Version string `json:"version,omitempty"`
	// Quantile for QueryLatency, e.g. 0.99; the result is in seconds.
	Quantile float64 `json:"quantile,omitempty"`
	// Window is how far back from the measurement time requests count.
	// Default: the metric's interval, or 10s when that is zero.
	Window Duration `json:"window,omitempty"`
}

// Data-plane query names.
const (
	QuerySuccessRate = "successRate"
	QueryErrorRate   = "errorRate"
	QueryLatency     = "latency"
)

// Version names.
const (
	VersionStable = "stable"
	VersionCanary = "canary"
)

// TrafficRouting selects a traffic router; at most one field is set.
type TrafficRouting struct {
	Nginx   *NginxRouting   `json:"nginx,omitempty"`
	Istio   *IstioRouting   `json:"istio,omitempty"`
	Plugins *TrafficPlugins `json:"plugins,omitempty"`
	// MaxTrafficWeight is the total weight (default 100).
	MaxTrafficWeight *int32 `json:"maxTrafficWeight,omitempty"`
}

// NginxRouting is Argo's trafficRouting.nginx: ingress-nginx canary annotations.
type NginxRouting struct {
	StableIngress string `json:"stableIngress"`
	// AnnotationPrefix defaults to "nginx.ingress.kubernetes.io".
	AnnotationPrefix string `json:"annotationPrefix,omitempty"`
	// AdditionalIngressAnnotations are copied onto the canary Ingress, e.g.
	// canary-by-header, canary-by-header-value, canary-by-cookie.
	AdditionalIngressAnnotations map[string]string `json:"additionalIngressAnnotations,omitempty"`
}

// IstioRouting is Argo's trafficRouting.istio.
type IstioRouting struct {
	VirtualService  *IstioVirtualService  `json:"virtualService,omitempty"`
	DestinationRule *IstioDestinationRule `json:"destinationRule,omitempty"`
}

// IstioVirtualService names the VirtualService whose route weights Argo sets.
type IstioVirtualService struct {
	Name   string   `json:"name"`
	Routes []string `json:"routes,omitempty"`
}

// IstioDestinationRule names the subsets for subset-level splitting.
type IstioDestinationRule struct {
	Name             string `json:"name"`
	CanarySubsetName string `json:"canarySubsetName"`
	StableSubsetName string `json:"stableSubsetName"`
}

// TrafficPlugins holds Argo traffic-router plugins; canarylab knows the
// Gateway API one.
type TrafficPlugins struct {
	GatewayAPI *GatewayAPIRouting `json:"argoproj-labs/gatewayAPI,omitempty"`
}

// GatewayAPIRouting is the argoproj-labs/gatewayAPI plugin's config.
type GatewayAPIRouting struct {
	HTTPRoute string `json:"httpRoute"`
	Namespace string `json:"namespace,omitempty"`
}

// IntOrPercent is an absolute count or a percentage string such as "25%".
type IntOrPercent struct {
	Value     int32
	IsPercent bool
}

// UnmarshalText implements encoding.TextUnmarshaler ("3" or "25%").
func (v *IntOrPercent) UnmarshalText(b []byte) error {
	s := string(b)
	pct := len(s) > 0 && s[len(s)-1] == '%'
	if pct {
		s = s[:len(s)-1]
	}
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil || n < 0 {
		return fmt.Errorf("invalid value %q: want a non-negative count or a percentage like \"25%%\"", string(b))
	}
	*v = IntOrPercent{Value: int32(n), IsPercent: pct}
	return nil
}

// MarshalText implements encoding.TextMarshaler.
func (v IntOrPercent) MarshalText() ([]byte, error) {
	if v.IsPercent {
		return []byte(strconv.Itoa(int(v.Value)) + "%"), nil
	}
	return []byte(strconv.Itoa(int(v.Value))), nil
}
