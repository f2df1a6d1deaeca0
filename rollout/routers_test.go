package rollout

import (
	"maps"
	"testing"
)

func TestRouterOf(t *testing.T) {
	tests := []struct {
		name       string
		tr         *TrafficRouting
		want       RouterKind
		perRequest bool
	}{
		{"no trafficRouting: Service replica ratio, per connection", nil, RouterNone, false},
		{"nginx", &TrafficRouting{Nginx: &NginxRouting{}}, RouterNginx, true},
		{"istio", &TrafficRouting{Istio: &IstioRouting{}}, RouterIstio, true},
		{"gateway API plugin", &TrafficRouting{Plugins: &TrafficPlugins{GatewayAPI: &GatewayAPIRouting{HTTPRoute: "r"}}}, RouterGatewayAPI, true},
		{"empty trafficRouting", &TrafficRouting{}, RouterNone, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := RouterOf(Spec{Canary: CanaryStrategy{TrafficRouting: tc.tr}})
			if got != tc.want || got.PerRequest() != tc.perRequest {
				t.Errorf("RouterOf = %q (perRequest %v), want %q (%v)", got, got.PerRequest(), tc.want, tc.perRequest)
			}
		})
	}
}

// Argo's nginx router (rollout/trafficrouting/nginx): additional
// annotations get the prefix unless they have it; canary and canary-weight
// always win.
func TestNginxCanaryAnnotations(t *testing.T) {
	p := DefaultNginxAnnotationPrefix + "/"
	tests := []struct {
		name   string
		cfg    *NginxRouting
		weight int32
		want   map[string]string
	}{
		{"plain weight 30", &NginxRouting{StableIngress: "web"}, 30,
			map[string]string{p + "canary": "true", p + "canary-weight": "30", p + "canary-weight-total": "100"}},
		{"nil config", nil, 0,
			map[string]string{p + "canary": "true", p + "canary-weight": "0", p + "canary-weight-total": "100"}},
		{"header and cookie, one already prefixed, a clash overridden", &NginxRouting{AdditionalIngressAnnotations: map[string]string{
			"canary-by-header": "X-Canary", p + "canary-by-cookie": "canary", "canary-weight": "99"}}, 10,
			map[string]string{p + "canary": "true", p + "canary-weight": "10", p + "canary-weight-total": "100",
				p + "canary-by-header": "X-Canary", p + "canary-by-cookie": "canary"}},
		{"short and full key for the same annotation: the full key wins", &NginxRouting{AdditionalIngressAnnotations: map[string]string{
			"canary-by-header": "short", p + "canary-by-header": "full"}}, 1,
			map[string]string{p + "canary": "true", p + "canary-weight": "1", p + "canary-weight-total": "100", p + "canary-by-header": "full"}},
		{"custom prefix", &NginxRouting{AnnotationPrefix: "custom.io", AdditionalIngressAnnotations: map[string]string{"canary-by-header": "X"}}, 5,
			map[string]string{"custom.io/canary": "true", "custom.io/canary-weight": "5", "custom.io/canary-weight-total": "100",
				"custom.io/canary-by-header": "X"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := NginxCanaryAnnotations(tc.cfg, tc.weight); !maps.Equal(got, tc.want) {
				t.Errorf("got %v\nwant %v", got, tc.want)
			}
		})
	}
	if got := NginxCanaryAnnotationsTotal(nil, 7, 1000)[p+"canary-weight-total"]; got != "1000" {
		t.Errorf("canary-weight-total = %q, want 1000", got)
	}
}

func TestWeights(t *testing.T) {
	tests := []struct {
		weight, max, stable, canary int32
	}{
		{0, 100, 100, 0},
		{30, 100, 70, 30},
		{100, 100, 0, 100},
		{250, 1000, 750, 250},
		{120, 100, 0, 100}, // clamped
		{-5, 100, 100, 0},  // clamped
		{40, 0, 60, 40},    // max 0 means the default 100
	}
	for _, tc := range tests {
		s, c := GatewayAPIWeights(tc.weight, tc.max)
		is, ic := IstioWeights(tc.weight, tc.max)
		if s != tc.stable || c != tc.canary || is != s || ic != c {
			t.Errorf("weights(%d, %d) = gateway %d/%d istio %d/%d, want %d/%d", tc.weight, tc.max, s, c, is, ic, tc.stable, tc.canary)
		}
	}
}

func TestExpectedCanaryShare(t *testing.T) {
	nginx := &TrafficRouting{Nginx: &NginxRouting{}}
	tests := []struct {
		name string
		tr   *TrafficRouting
		d    Desired
		want float64
	}{
		{"router: weight/100 whatever the pods", nginx, Desired{StableReplicas: 10, CanaryReplicas: 1, Weight: 30}, 0.3},
		{"router with max 1000", &TrafficRouting{Nginx: &NginxRouting{}, MaxTrafficWeight: i32(1000)}, Desired{Weight: 250}, 0.25},
		{"no router: 2 of 10 pods", nil, Desired{StableReplicas: 8, CanaryReplicas: 2, Weight: 20}, 0.2},
		{"no router: 4 of 11 pods (surge)", nil, Desired{StableReplicas: 7, CanaryReplicas: 4, Weight: 41}, 4.0 / 11},
		{"no router, no pods", nil, Desired{}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ExpectedCanaryShare(Spec{Canary: CanaryStrategy{TrafficRouting: tc.tr}}, tc.d); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
