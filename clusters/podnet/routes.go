package podnet

import (
	"net/netip"
	"sort"
)

// NodeInfo is what the agent needs to know about one node.
type NodeInfo struct {
	Name       string
	PodCIDRs   []netip.Prefix
	InternalIP []netip.Addr
}

// Route is a route to a pod CIDR through a gateway on the node network.
type Route struct {
	Dst netip.Prefix
	Via netip.Addr
}

// DesiredRoutes returns the routes the node named self needs: for every other
// node, each of its pod CIDRs via its InternalIP of the same IP family.
// Nodes without a pod CIDR or address of that family are skipped, as are pod
// CIDRs that overlap self's own (a stale or conflicting assignment must not
// steal the local pods' traffic). The result is sorted by destination.
func DesiredRoutes(self string, nodes []NodeInfo) []Route {
	var own []netip.Prefix
	for _, n := range nodes {
		if n.Name == self {
			own = n.PodCIDRs
		}
	}
	seen := map[netip.Prefix]bool{}
	var out []Route
	for _, n := range nodes {
		if n.Name == self {
			continue
		}
		for _, cidr := range n.PodCIDRs {
			cidr = cidr.Masked()
			if !cidr.IsValid() || seen[cidr] || overlapsAny(cidr, own) {
				continue
			}
			gw, ok := sameFamily(cidr.Addr(), n.InternalIP)
			if !ok {
				continue
			}
			seen[cidr] = true
			out = append(out, Route{Dst: cidr, Via: gw})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if c := out[i].Dst.Addr().Compare(out[j].Dst.Addr()); c != 0 {
			return c < 0
		}
		return out[i].Dst.Bits() < out[j].Dst.Bits()
	})
	return out
}

// RoutePlan is the difference between installed and desired routes.
type RoutePlan struct {
	// Replace holds routes that are missing or point elsewhere.
	Replace []Route
	// Delete holds installed destinations that no node claims any more.
	Delete []netip.Prefix
}

// PlanRoutes compares the routes the agent installed earlier with the desired
// ones.
func PlanRoutes(installed, desired []Route) RoutePlan {
	have := map[netip.Prefix]netip.Addr{}
	for _, r := range installed {
		have[r.Dst.Masked()] = r.Via
	}
	want := map[netip.Prefix]bool{}
	var p RoutePlan
	for _, r := range desired {
		want[r.Dst] = true
		if via, ok := have[r.Dst]; !ok || via != r.Via {
			p.Replace = append(p.Replace, r)
		}
	}
	for _, r := range installed {
		if !want[r.Dst.Masked()] {
			p.Delete = append(p.Delete, r.Dst.Masked())
		}
	}
	return p
}

func sameFamily(a netip.Addr, candidates []netip.Addr) (netip.Addr, bool) {
	for _, c := range candidates {
		if c.Is4() == a.Is4() {
			return c, true
		}
	}
	return netip.Addr{}, false
}

func overlapsAny(p netip.Prefix, set []netip.Prefix) bool {
	for _, q := range set {
		if p.Overlaps(q) {
			return true
		}
	}
	return false
}
