package sim

import (
	"fmt"

	"github.com/canarylab/canarylab/rollout"
	"github.com/canarylab/canarylab/scenarios"
)

// router is the configured router and the state its data plane has.
type router struct {
	typ string
	// weight and route are what the API has (last applied); dpWeight and
	// dpRoute what the data plane uses (RouterSync later).
	weight, dpWeight int32
	route, dpRoute   bool
	total            int32
	// force is the ingress-nginx header/cookie verdict for this load:
	// "canary", "stable" or "" (decide by weight).
	force string
	// affinity is ClientIP (service) or cookie (nginx) session affinity.
	affinity bool
}

// perRequest reports whether the router chooses per request (L7).
func (r *router) perRequest() bool { return r.typ != scenarios.RouterService }

// describe names the simulated data plane for the trace.
func (r *router) describe() string {
	switch r.typ {
	case scenarios.RouterService:
		return "simulated kube-proxy (iptables, per-connection)"
	case scenarios.RouterNginx:
		return "simulated ingress-nginx (per-request canary, next-upstream in pool)"
	case scenarios.RouterGatewayAPI:
		return "simulated Gateway API router (Traefik-like, per-request, no retries)"
	case scenarios.RouterIstio:
		return "simulated Istio/Envoy (per-request subsets, 2 retries)"
	}
	return "simulated " + r.typ
}

// setupRouter reads the router type, total weight, affinity and the nginx
// header/cookie match.
func (b *Backend) setupRouter(sc *scenarios.Scenario) error {
	r := &b.router
	r.typ = sc.Spec.Router.Type
	if r.typ == "" {
		r.typ = scenarios.RouterService
	}
	switch r.typ {
	case scenarios.RouterService, scenarios.RouterNginx, scenarios.RouterGatewayAPI, scenarios.RouterIstio:
	default:
		return fmt.Errorf("router type %q: want %s, %s, %s or %s", r.typ,
			scenarios.RouterService, scenarios.RouterNginx, scenarios.RouterGatewayAPI, scenarios.RouterIstio)
	}
	r.total = 100
	var tr *rollout.TrafficRouting
	if c := sc.Spec.Rollout.Canary; c != nil {
		tr = c.TrafficRouting
	}
	if tr != nil && tr.MaxTrafficWeight != nil && *tr.MaxTrafficWeight > 0 {
		r.total = *tr.MaxTrafficWeight
	}
	switch sa := sc.Spec.Router.SessionAffinity; {
	case sa == "":
	case sa == "ClientIP" && r.typ == scenarios.RouterService, sa == "cookie" && r.typ == scenarios.RouterNginx:
		r.affinity = true
	default:
		return fmt.Errorf("session affinity %q is not supported by router %q", sa, r.typ)
	}
	if r.typ == scenarios.RouterNginx && tr != nil && tr.Nginx != nil {
		r.force = nginxForce(tr.Nginx, sc.Spec.Load.Headers, sc.Spec.Load.Cookies)
	}
	return nil
}

// nginxForce evaluates ingress-nginx's canary-by-header, then
// canary-by-cookie, for a load that always sends the same headers and
// cookies: "always" (or the configured header value) routes to the canary,
// "never" to the stable; anything else falls through to the weight.
func nginxForce(n *rollout.NginxRouting, headers, cookies map[string]string) string {
	// The canary Ingress's annotations as the real backend would apply them.
	anns, prefix := rollout.NginxCanaryAnnotations(n, 0), n.Prefix()
	ann := func(key string) (string, bool) {
		v, ok := anns[prefix+"/"+key]
		return v, ok
	}
	if h, ok := ann("canary-by-header"); ok {
		if v, sent := headers[h]; sent {
			if want, ok := ann("canary-by-header-value"); ok {
				if v == want {
					return rollout.VersionCanary
				}
			} else if v == "always" {
				return rollout.VersionCanary
			} else if v == "never" {
				return rollout.VersionStable
			}
		}
	}
	if c, ok := ann("canary-by-cookie"); ok {
		switch cookies[c] {
		case "always":
			return rollout.VersionCanary
		case "never":
			return rollout.VersionStable
		}
	}
	return ""
}

// setWeight applies a router weight and canary route; an L7 data plane uses
// them RouterSync later.
func (b *Backend) setWeight(w int32, route bool) {
	r := &b.router
	if w == r.weight && route == r.route {
		return
	}
	r.weight, r.route = w, route
	msg := "canary route absent"
	if route {
		msg = "canary route present"
	}
	b.emit(scenarios.Event{Type: scenarios.EventWeightSet, Object: r.typ, Version: rollout.VersionCanary, Value: float64(w), Message: msg})
	if !r.perRequest() {
		return // kube-proxy has no weight: the split follows the pods
	}
	b.clk.after(b.cal.RouterSync, func() {
		if r.dpWeight == w && r.dpRoute == route {
			return
		}
		r.dpWeight, r.dpRoute = w, route
		b.emit(scenarios.Event{Type: scenarios.EventRouterUpdated, Object: r.typ, Version: rollout.VersionCanary, Value: float64(w), Message: msg})
	})
}

// choosePool picks the pool for one L7 request.
func (b *Backend) choosePool() string {
	r := &b.router
	if !r.dpRoute {
		return rollout.VersionStable
	}
	if r.force != "" {
		return r.force
	}
	if b.rng.route.Int32N(r.total) < r.dpWeight {
		return rollout.VersionCanary
	}
	return rollout.VersionStable
}
