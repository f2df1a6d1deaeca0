// Package podnet is canarylab's pod network agent for offline kind clusters.
//
// kind's default network (kindnetd) and the usual CNI daemons cannot be built
// on machines that reach no container registry, so the canarylab node image
// ships this small agent instead. It runs as a DaemonSet on the host network
// of every node and:
//
//   - writes the node's CNI configuration (Debian's ptp + host-local + portmap
//     plugins) from the node's spec.podCIDR;
//   - keeps one route per other node, to that node's podCIDR via its
//     InternalIP (all kind nodes share one Docker network, so the next hop is
//     always directly reachable);
//   - masquerades traffic from pods to destinations outside the cluster's pod
//     network, so that pods reach the node network and beyond.
//
// The pure parts (CNI config rendering, route computation, iptables rule
// specs) are plain functions; the agent loop in Run applies them whenever a
// Node changes, and every resync period.
package podnet
