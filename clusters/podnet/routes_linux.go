package podnet

import (
	"fmt"
	"net"
	"net/netip"

	"github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"
)

// RouteProtocol marks the routes the agent installs (the rtm_protocol field),
// so that it can find and remove its own stale routes and never touches
// anyone else's. 122 is not assigned in iproute2's rt_protos.
const RouteProtocol = netlink.RouteProtocol(122)

// netlinkRoutes manages the agent's routes in the main routing table.
type netlinkRoutes struct{}

func newRouteTable() routeTable { return netlinkRoutes{} }

func (netlinkRoutes) List() ([]Route, error) {
	filter := &netlink.Route{Protocol: RouteProtocol, Table: unix.RT_TABLE_MAIN}
	rs, err := netlink.RouteListFiltered(netlink.FAMILY_ALL, filter, netlink.RT_FILTER_PROTOCOL|netlink.RT_FILTER_TABLE)
	if err != nil {
		return nil, fmt.Errorf("listing routes: %w", err)
	}
	var out []Route
	for _, r := range rs {
		if r.Dst == nil {
			continue
		}
		dst, ok := prefixFromIPNet(r.Dst)
		if !ok {
			continue
		}
		via, _ := netip.AddrFromSlice(r.Gw)
		out = append(out, Route{Dst: dst, Via: via.Unmap()})
	}
	return out, nil
}

func (netlinkRoutes) Replace(r Route) error {
	// No output interface: the kernel picks the link that reaches the
	// gateway (all kind nodes share one Docker network).
	nr := &netlink.Route{
		Dst:      ipNet(r.Dst),
		Gw:       net.IP(r.Via.AsSlice()),
		Protocol: RouteProtocol,
		Table:    unix.RT_TABLE_MAIN,
	}
	if err := netlink.RouteReplace(nr); err != nil {
		return fmt.Errorf("route %s via %s: %w", r.Dst, r.Via, err)
	}
	return nil
}

func (netlinkRoutes) Delete(dst netip.Prefix) error {
	nr := &netlink.Route{Dst: ipNet(dst), Protocol: RouteProtocol, Table: unix.RT_TABLE_MAIN}
	if err := netlink.RouteDel(nr); err != nil {
		return fmt.Errorf("deleting route %s: %w", dst, err)
	}
	return nil
}

func ipNet(p netip.Prefix) *net.IPNet {
	p = p.Masked()
	bits := 32
	if p.Addr().Is6() {
		bits = 128
	}
	return &net.IPNet{IP: net.IP(p.Addr().AsSlice()), Mask: net.CIDRMask(p.Bits(), bits)}
}

func prefixFromIPNet(n *net.IPNet) (netip.Prefix, bool) {
	a, ok := netip.AddrFromSlice(n.IP)
	if !ok {
		return netip.Prefix{}, false
	}
	ones, _ := n.Mask.Size()
	return netip.PrefixFrom(a.Unmap(), ones).Masked(), true
}
