package scenarios

import (
	"fmt"

	"github.com/canarylab/canarylab/rollout"
)

const canaryPath = "spec.rollout.canary"

// rollout checks the router, the canary strategy and its analyses.
func (v *validator) rollout(sp *Spec) {
	r := sp.Rollout
	v.enum("spec.router.type", sp.Router.Type, false, RouterService, RouterNginx, RouterGatewayAPI, RouterIstio)
	v.templates(r.AnalysisTemplates)
	c := r.Canary
	if c == nil {
		if r.File == "" {
			v.errf("spec.rollout", "set canary (the Argo spec.strategy.canary) or file (an Argo Rollout manifest)")
		}
		v.sessionAffinity(sp.Router, nil)
		return
	}
	v.sessionAffinity(sp.Router, c.TrafficRouting)
	v.routerMatch(sp.Router.Type, c.TrafficRouting)
	full := int32(100)
	if tr := c.TrafficRouting; tr != nil && tr.MaxTrafficWeight != nil {
		full = *tr.MaxTrafficWeight
		if full < 1 {
			v.errf(canaryPath+".trafficRouting.maxTrafficWeight", "must be ≥ 1")
			full = 100
		}
	}
	v.surge(c)
	for _, f := range []struct {
		name string
		val  *int32
	}{{"abortScaleDownDelaySeconds", c.AbortScaleDownDelaySeconds}, {"scaleDownDelaySeconds", c.ScaleDownDelaySeconds}} {
		if f.val != nil && *f.val < 0 {
			v.errf(canaryPath+"."+f.name, "must be ≥ 0")
		}
	}
	if c.DynamicStableScale && c.TrafficRouting == nil {
		v.errf(canaryPath+".dynamicStableScale", "needs a traffic router (trafficRouting)")
	}
	v.steps(c, full, r.AnalysisTemplates)
	if a := c.Analysis; a != nil {
		p := canaryPath + ".analysis"
		v.analysis(p, &a.Analysis, r.AnalysisTemplates)
		if s := a.StartingStep; s != nil && (*s < 0 || (len(c.Steps) > 0 && int(*s) >= len(c.Steps))) {
			v.errf(p+".startingStep", "%d is not a step index (0..%d)", *s, len(c.Steps)-1)
		}
	}
}

// routerMatch checks spec.router.type against the canary's trafficRouting.
func (v *validator) routerMatch(typ string, tr *rollout.TrafficRouting) {
	const p = canaryPath + ".trafficRouting"
	var set []string
	if tr != nil {
		if tr.Nginx != nil {
			set = append(set, RouterNginx)
		}
		if tr.Istio != nil {
			set = append(set, RouterIstio)
		}
		if tr.Plugins != nil {
			if tr.Plugins.GatewayAPI == nil {
				v.errf(p+".plugins", `set the "argoproj-labs/gatewayAPI" plugin (the only one canarylab knows)`)
			}
			set = append(set, RouterGatewayAPI)
		}
	}
	if len(set) > 1 {
		v.errf(p, "set at most one of nginx, istio and plugins")
		return
	}
	want := RouterService
	if len(set) == 1 {
		want = set[0]
	}
	if !oneOf(typ, RouterService, RouterNginx, RouterGatewayAPI, RouterIstio) || typ == want {
		v.trafficFields(tr)
		return
	}
	field := map[string]string{RouterNginx: "trafficRouting.nginx", RouterIstio: "trafficRouting.istio",
		RouterGatewayAPI: `trafficRouting.plugins["argoproj-labs/gatewayAPI"]`}
	if typ == RouterService {
		v.errf(p, "router type %q takes no trafficRouting (the split follows ready pods); remove it or set router type %q", typ, want)
	} else if want == RouterService {
		v.errf("spec.router.type", "router type %q needs %s in the canary strategy", typ, field[typ])
	} else {
		v.errf(p, "router type %q needs %s, got %s", typ, field[typ], field[want])
	}
}

// trafficFields checks the required names inside a trafficRouting.
func (v *validator) trafficFields(tr *rollout.TrafficRouting) {
	const p = canaryPath + ".trafficRouting"
	if tr == nil {
		return
	}
	if tr.Nginx != nil && tr.Nginx.StableIngress == "" {
		v.errf(p+".nginx.stableIngress", "required (the stable Ingress's name)")
	}
	if tr.Istio != nil && (tr.Istio.VirtualService == nil || tr.Istio.VirtualService.Name == "") {
		v.errf(p+".istio.virtualService.name", "required (the VirtualService's name)")
	}
	if tr.Plugins != nil && tr.Plugins.GatewayAPI != nil && tr.Plugins.GatewayAPI.HTTPRoute == "" {
		v.errf(p+`.plugins["argoproj-labs/gatewayAPI"].httpRoute`, "required (the HTTPRoute's name)")
	}
}

// sessionAffinity: ClientIP goes with the Service router, cookie with nginx.
func (v *validator) sessionAffinity(r Router, tr *rollout.TrafficRouting) {
	const p = "spec.router.sessionAffinity"
	switch r.SessionAffinity {
	case "":
	case "ClientIP":
		if r.Type != RouterService {
			v.errf(p, "ClientIP affinity is a Service setting: use it with router type %q", RouterService)
		}
	case "cookie":
		if r.Type != RouterNginx {
			v.errf(p, "cookie affinity is an ingress-nginx setting: use it with router type %q", RouterNginx)
		}
	default:
		v.errf(p, "unknown value %q: want %s", r.SessionAffinity, quoted("ClientIP", "cookie"))
	}
}

// surge checks maxSurge/maxUnavailable as Argo does.
func (v *validator) surge(c *rollout.CanaryStrategy) {
	for _, f := range []struct {
		name string
		val  *rollout.IntOrPercent
	}{{"maxSurge", c.MaxSurge}, {"maxUnavailable", c.MaxUnavailable}} {
		if f.val != nil && f.val.IsPercent && f.val.Value > 100 {
			v.errf(canaryPath+"."+f.name, "%d%% is above 100%%", f.val.Value)
		}
	}
	if c.MaxSurge != nil && c.MaxUnavailable != nil && c.MaxSurge.Value == 0 && c.MaxUnavailable.Value == 0 {
		v.errf(canaryPath+".maxSurge", "maxSurge and maxUnavailable cannot both be 0")
	}
}

// weight checks a traffic weight against [0, full].
func (v *validator) weight(p string, w, full int32, fullName string) {
	switch {
	case w < 0:
		v.errf(p, "must be ≥ 0")
	case w > full:
		v.errf(p, "weight %d is above %s", w, fullName)
	}
}

// steps checks each step, and that nothing follows a final full weight: a
// setWeight of 100 (or maxTrafficWeight) that no lower setWeight follows
// must be the last step, since the canary is then fully promoted.
func (v *validator) steps(c *rollout.CanaryStrategy, full int32, tpls []AnalysisTemplate) {
	fullName := "100"
	if full != 100 {
		fullName = fmt.Sprintf("maxTrafficWeight %d", full)
	}
	finalFull := -1 // first full-weight step not followed by a lower weight
	for i, st := range c.Steps {
		p := fmt.Sprintf("%s.steps[%d]", canaryPath, i)
		n := 0
		if st.SetWeight != nil {
			n++
			v.weight(p+".setWeight", *st.SetWeight, full, fullName)
			switch {
			case *st.SetWeight < full:
				finalFull = -1
			case *st.SetWeight == full && finalFull < 0:
				finalFull = i
			}
		}
		if st.Pause != nil {
			n++
		}
		if st.SetCanaryScale != nil {
			n++
			v.canaryScale(p+".setCanaryScale", st.SetCanaryScale, c.TrafficRouting != nil)
		}
		if st.Analysis != nil {
			n++
			v.analysis(p+".analysis", st.Analysis, tpls)
		}
		if n != 1 {
			v.errf(p, "a step sets exactly one of setWeight, pause, setCanaryScale and analysis (got %d)", n)
		}
	}
	if finalFull >= 0 {
		for i := finalFull + 1; i < len(c.Steps); i++ {
			v.errf(fmt.Sprintf("%s.steps[%d]", canaryPath, i), "step after a final setWeight %d", full)
		}
	}
}

func (v *validator) canaryScale(p string, s *rollout.SetCanaryScale, routed bool) {
	if !routed {
		v.errf(p, "needs a traffic router (trafficRouting): without one the split follows pod counts")
	}
	n := 0
	if s.Weight != nil {
		n++
		v.weight(p+".weight", *s.Weight, 100, "100")
	}
	if s.Replicas != nil {
		n++
		if *s.Replicas < 0 {
			v.errf(p+".replicas", "must be ≥ 0")
		}
	}
	if s.MatchTrafficWeight {
		n++
	}
	if n != 1 {
		v.errf(p, "set exactly one of weight, replicas and matchTrafficWeight: true")
	}
}
