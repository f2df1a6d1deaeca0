package podnet

import (
	"net/netip"
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func pfx(s ...string) []netip.Prefix {
	var out []netip.Prefix
	for _, x := range s {
		out = append(out, netip.MustParsePrefix(x))
	}
	return out
}

func addr(s ...string) []netip.Addr {
	var out []netip.Addr
	for _, x := range s {
		out = append(out, netip.MustParseAddr(x))
	}
	return out
}

func route(dst, via string) Route {
	return Route{Dst: netip.MustParsePrefix(dst), Via: netip.MustParseAddr(via)}
}

func TestDesiredRoutes(t *testing.T) {
	nodes := []NodeInfo{
		{Name: "w2", PodCIDRs: pfx("10.244.2.0/24"), InternalIP: addr("172.18.0.4")},
		{Name: "cp", PodCIDRs: pfx("10.244.0.0/24"), InternalIP: addr("172.18.0.2")},
		{Name: "w1", PodCIDRs: pfx("10.244.1.0/24"), InternalIP: addr("172.18.0.3")},
		{Name: "new", InternalIP: addr("172.18.0.5")},  // no podCIDR yet
		{Name: "noip", PodCIDRs: pfx("10.244.5.0/24")}, // no address yet
		{Name: "dual", PodCIDRs: pfx("10.244.6.0/24", "fd00:10:244:6::/64"), // v6 CIDR but only a v4 address
			InternalIP: addr("172.18.0.7")},
		{Name: "clash", PodCIDRs: pfx("10.244.1.0/25"), InternalIP: addr("172.18.0.9")}, // overlaps w1's own
	}
	got := DesiredRoutes("w1", nodes)
	want := []Route{
		route("10.244.0.0/24", "172.18.0.2"),
		route("10.244.2.0/24", "172.18.0.4"),
		route("10.244.6.0/24", "172.18.0.7"),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("DesiredRoutes:\n got %v\nwant %v", got, want)
	}
}

func TestDesiredRoutesDualStack(t *testing.T) {
	nodes := []NodeInfo{
		{Name: "a", PodCIDRs: pfx("10.244.0.0/24", "fd00:10:244::/64"), InternalIP: addr("172.18.0.2", "fc00:f853::2")},
		{Name: "b", PodCIDRs: pfx("10.244.1.0/24", "fd00:10:244:1::/64"), InternalIP: addr("fc00:f853::3", "172.18.0.3")},
	}
	got := DesiredRoutes("a", nodes)
	want := []Route{route("10.244.1.0/24", "172.18.0.3"), route("fd00:10:244:1::/64", "fc00:f853::3")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestPlanRoutes(t *testing.T) {
	installed := []Route{
		route("10.244.0.0/24", "172.18.0.2"), // unchanged
		route("10.244.2.0/24", "172.18.0.9"), // node got a new address
		route("10.244.3.0/24", "172.18.0.5"), // node is gone
	}
	desired := []Route{
		route("10.244.0.0/24", "172.18.0.2"),
		route("10.244.2.0/24", "172.18.0.4"),
		route("10.244.4.0/24", "172.18.0.6"), // new node
	}
	got := PlanRoutes(installed, desired)
	want := RoutePlan{
		Replace: []Route{route("10.244.2.0/24", "172.18.0.4"), route("10.244.4.0/24", "172.18.0.6")},
		Delete:  pfx("10.244.3.0/24"),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("PlanRoutes:\n got %+v\nwant %+v", got, want)
	}
	if p := PlanRoutes(desired, desired); len(p.Replace)+len(p.Delete) != 0 {
		t.Errorf("in sync: want an empty plan, got %+v", p)
	}
}

func TestNodeInfoFrom(t *testing.T) {
	n := &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: "w1"},
		Spec:       corev1.NodeSpec{PodCIDR: "10.244.1.0/24"},
		Status: corev1.NodeStatus{Addresses: []corev1.NodeAddress{
			{Type: corev1.NodeHostName, Address: "w1"},
			{Type: corev1.NodeInternalIP, Address: "172.18.0.3"},
		}},
	}
	got := NodeInfoFrom(n)
	want := NodeInfo{Name: "w1", PodCIDRs: pfx("10.244.1.0/24"), InternalIP: addr("172.18.0.3")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	n.Spec.PodCIDRs = []string{"10.244.7.0/24", "bogus"}
	if got := NodeInfoFrom(n); !reflect.DeepEqual(got.PodCIDRs, pfx("10.244.7.0/24")) {
		t.Errorf("spec.podCIDRs must win and bad entries be skipped: %v", got.PodCIDRs)
	}
}
