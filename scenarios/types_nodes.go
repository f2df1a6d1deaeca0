package scenarios

import "fmt"

// DefaultMaxPods is the kubelet's default pod capacity per node.
const DefaultMaxPods = 110

// NodeInfo is one worker node after expanding node groups.
type NodeInfo struct {
	Name    string
	Zone    string
	MaxPods int
}

// Nodes expands the worker groups into nodes: a group with Count > 1 becomes
// name-1 .. name-N; a group of one keeps its name. Defaults: name "worker",
// count 1, max pods DefaultMaxPods, zone "zone-a".
func (c Cluster) Nodes() []NodeInfo {
	var out []NodeInfo
	for _, g := range c.Workers {
		name, zone, count, maxPods := g.Name, g.Zone, g.Count, g.MaxPods
		if name == "" {
			name = "worker"
		}
		if zone == "" {
			zone = "zone-a"
		}
		if count <= 0 {
			count = 1
		}
		if maxPods <= 0 {
			maxPods = DefaultMaxPods
		}
		for i := 1; i <= count; i++ {
			n := name
			if count > 1 {
				n = fmt.Sprintf("%s-%d", name, i)
			}
			out = append(out, NodeInfo{Name: n, Zone: zone, MaxPods: maxPods})
		}
	}
	return out
}
