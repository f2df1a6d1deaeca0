package rollout

import (
	"maps"
	"slices"
	"strconv"
)

// RouterKind names how traffic is split between stable and canary.
type RouterKind string

// Router kinds.
const (
	// RouterNone is two ReplicaSets behind one Service: kube-proxy picks a
	// ready pod per TCP connection, so the split follows ready-pod counts.
	RouterNone RouterKind = "none"
	// RouterNginx is ingress-nginx canary annotations (per request).
	RouterNginx RouterKind = "nginx"
	// RouterGatewayAPI is HTTPRoute backendRef weights (per request).
	RouterGatewayAPI RouterKind = "gatewayAPI"
	// RouterIstio is VirtualService route weights (per request).
	RouterIstio RouterKind = "istio"
)

// RouterOf returns the router spec.canary.trafficRouting selects.
func RouterOf(spec Spec) RouterKind {
	tr := spec.Canary.TrafficRouting
	switch {
	case tr == nil:
		return RouterNone
	case tr.Nginx != nil:
		return RouterNginx
	case tr.Istio != nil:
		return RouterIstio
	case tr.Plugins != nil && tr.Plugins.GatewayAPI != nil:
		return RouterGatewayAPI
	}
	return RouterNone
}

// PerRequest reports whether the router chooses a backend for every request
// (true for the L7 routers) rather than per connection (kube-proxy).
func (k RouterKind) PerRequest() bool { return k != RouterNone && k != "" }

// NginxCanaryAnnotations renders the canary Ingress annotations for weight
// out of DefaultMaxTrafficWeight; see NginxCanaryAnnotationsTotal.
func NginxCanaryAnnotations(cfg *NginxRouting, weight int32) map[string]string {
	return NginxCanaryAnnotationsTotal(cfg, weight, DefaultMaxTrafficWeight)
}

// NginxCanaryAnnotationsTotal renders the canary Ingress annotations as Argo's
// nginx router does: the additional annotations first (keys without the
// prefix get "<prefix>/"), then canary: "true", canary-weight and
// canary-weight-total, which always win. Argo writes canary-weight-total only
// when maxTrafficWeight is set; ingress-nginx's default total is 100, so
// writing it always changes nothing and makes the total explicit.
func NginxCanaryAnnotationsTotal(cfg *NginxRouting, weight, total int32) map[string]string {
	prefix := cfg.Prefix()
	out := map[string]string{}
	if cfg != nil {
		// Short keys first, then full ones, each sorted: when "x" and
		// "<prefix>/x" are both given, the full key wins, every time.
		keys := slices.Sorted(maps.Keys(cfg.AdditionalIngressAnnotations))
		for _, full := range []bool{false, true} {
			for _, k := range keys {
				has := len(k) > len(prefix) && k[:len(prefix)+1] == prefix+"/"
				if has != full {
					continue
				}
				v := cfg.AdditionalIngressAnnotations[k]
				if !has {
					k = prefix + "/" + k
				}
				out[k] = v
			}
		}
	}
	out[prefix+"/canary"] = "true"
	out[prefix+"/canary-weight"] = strconv.Itoa(int(weight))
	out[prefix+"/canary-weight-total"] = strconv.Itoa(int(total))
	return out
}

// Prefix is the annotation prefix of cfg (DefaultNginxAnnotationPrefix when
// unset or cfg is nil).
func (cfg *NginxRouting) Prefix() string {
	if cfg == nil || cfg.AnnotationPrefix == "" {
		return DefaultNginxAnnotationPrefix
	}
	return cfg.AnnotationPrefix
}

// GatewayAPIWeights returns the HTTPRoute backendRef weights for a canary
// weight out of maxWeight: the stable ref gets the rest.
func GatewayAPIWeights(weight, maxWeight int32) (stable, canary int32) {
	return splitWeights(weight, maxWeight)
}

// IstioWeights returns the VirtualService route weights (stable, canary) for
// a canary weight out of maxWeight, as Argo's Istio router writes them.
func IstioWeights(weight, maxWeight int32) (stable, canary int32) {
	return splitWeights(weight, maxWeight)
}

func splitWeights(weight, maxWeight int32) (stable, canary int32) {
	if maxWeight <= 0 {
		maxWeight = DefaultMaxTrafficWeight
	}
	weight = min(max(weight, 0), maxWeight)
	return maxWeight - weight, weight
}

// ExpectedCanaryShare is the share of requests the configuration implies for
// the canary: weight/maxWeight with a router, canary/(stable+canary) desired
// replicas without one (0 when there are no pods).
func ExpectedCanaryShare(spec Spec, d Desired) float64 {
	if RouterOf(spec) != RouterNone {
		return float64(d.Weight) / float64(maxWeight(spec))
	}
	total := d.StableReplicas + d.CanaryReplicas
	if total <= 0 {
		return 0
	}
	return float64(d.CanaryReplicas) / float64(total)
}
