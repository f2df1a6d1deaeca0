package sim

import (
	"slices"
	"time"

	"github.com/canarylab/canarylab/rollout"
	"github.com/canarylab/canarylab/scenarios"
)

// endpoints lists the pods the data plane has in state s, of one version
// ("" for both), in creation order.
func (b *Backend) endpoints(s dpState, version string) []*pod {
	var out []*pod
	for _, p := range b.pods {
		if p.dp == s && (version == "" || p.version == version) {
			out = append(out, p)
		}
	}
	return out
}

// kubeProxyPick chooses the pod for a new connection as kube-proxy's
// iptables rules do: uniformly among ready endpoints, else among serving
// terminating ones (KEP-1669), else none (REJECT). With ClientIP affinity a
// client keeps its pod while the rules still hold that endpoint.
func (b *Backend) kubeProxyPick(c *client) *pod {
	eps := b.endpoints(dpReady, "")
	if len(eps) == 0 {
		eps = b.endpoints(dpTerminating, "")
	}
	if len(eps) == 0 {
		return nil
	}
	if b.router.affinity && c.affinity != nil && slices.Contains(eps, c.affinity) {
		return c.affinity
	}
	p := eps[b.rng.route.IntN(len(eps))]
	if b.router.affinity {
		c.affinity = p
	}
	return p
}

// route sends an L7 request through the router: a pool chosen per request,
// an endpoint in it, and the router's retries within that pool.
func (b *Backend) route(req *request) {
	pool := ""
	if b.router.affinity && req.client.affinity != nil && req.client.affinity.dp == dpReady {
		pool = req.client.affinity.version // sticky session: pool and pod
	} else {
		pool = b.choosePool()
	}
	// ingress-nginx leaves a canary backend without endpoints out of its
	// configuration, so the canary share falls back to the stable pool.
	if b.router.typ == scenarios.RouterNginx && pool == rollout.VersionCanary && len(b.endpoints(dpReady, pool)) == 0 {
		pool = rollout.VersionStable
	}
	b.attempt(req, pool)
}

// attempt makes one try of req against pool.
func (b *Backend) attempt(req *request, pool string) {
	eps := b.endpoints(dpReady, pool)
	if len(eps) == 0 {
		req.byRouter = true
		b.respond(req, 503) // no healthy upstream
		return
	}
	p := b.pickUpstream(req, eps)
	req.attempts++
	req.tried = append(req.tried, p)
	req.pod = p
	switch {
	case !p.node.reachable():
		b.clk.after(b.connectTimeout(), func() {
			if !req.done {
				b.upstreamFailed(req, pool, 504, true)
			}
		})
	case p.proc != procRunning || !p.listening:
		b.upstreamFailed(req, pool, 502, true)
	default:
		req.work = b.serve(p, func(code int) {
			req.work = nil
			if b.router.affinity {
				req.client.affinity = p
			}
			b.respond(req, code)
		}, func() {
			req.work = nil
			b.upstreamFailed(req, pool, 502, false)
		})
	}
}

// pickUpstream prefers the client's sticky pod, then a pod not yet tried.
func (b *Backend) pickUpstream(req *request, eps []*pod) *pod {
	if len(req.tried) == 0 && b.router.affinity && slices.Contains(eps, req.client.affinity) {
		return req.client.affinity
	}
	var fresh []*pod
	for _, p := range eps {
		if !slices.Contains(req.tried, p) {
			fresh = append(fresh, p)
		}
	}
	if len(fresh) == 0 {
		fresh = eps
	}
	return fresh[b.rng.route.IntN(len(fresh))]
}

// upstreamFailed handles a failed try: a connect error (refused, timeout)
// or a reset mid-request. ingress-nginx retries both on another endpoint of
// the pool (proxy_next_upstream error timeout, NginxTries tries), then
// answers 502 (504 after a connect timeout); Envoy retries connect failures
// (IstioRetries, to another host of the subset) and answers 503; the Gateway
// API router does not retry (502, 504 on a dial timeout). The simulated pods
// never answer 503 themselves, so Envoy's retriable-status-codes never fire.
func (b *Backend) upstreamFailed(req *request, pool string, code int, connect bool) {
	switch b.router.typ {
	case scenarios.RouterNginx:
		if req.attempts < b.cal.NginxTries && b.untried(req, pool) {
			b.attempt(req, pool)
			return
		}
	case scenarios.RouterIstio:
		if connect && req.attempts <= b.cal.IstioRetries {
			b.attempt(req, pool)
			return
		}
		code = 503 // Envoy's "upstream connect error or disconnect/reset"
	}
	req.byRouter = true
	b.respond(req, code)
}

// untried reports whether pool has a ready endpoint req has not tried.
func (b *Backend) untried(req *request, pool string) bool {
	for _, p := range b.endpoints(dpReady, pool) {
		if !slices.Contains(req.tried, p) {
			return true
		}
	}
	return false
}

// connectTimeout is the router's upstream connect timeout.
func (b *Backend) connectTimeout() time.Duration {
	switch b.router.typ {
	case scenarios.RouterNginx:
		return b.cal.NginxConnectTimeout
	case scenarios.RouterIstio:
		return b.cal.IstioConnectTimeout
	}
	return b.cal.GatewayDialTimeout
}

// respond ends an L7 request with the router's or the pod's status and
// returns the client's connection to the proxy.
func (b *Backend) respond(req *request, code int) {
	if req.done {
		return
	}
	b.finishCode(req, code)
	b.release(req.conn, false)
}
