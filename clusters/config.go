package clusters

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
	"sigs.k8s.io/kind/pkg/apis/config/v1alpha4"
)

// ZoneLabel is the node label that names a node's zone.
const ZoneLabel = "topology.kubernetes.io/zone"

// DefaultConfigName names the embedded default topology: one control plane
// and three workers in two zones, NodePort 30080 on 127.0.0.1:18080.
const DefaultConfigName = "default"

// ErrInvalidConfig marks a cluster configuration that canarylab refuses.
var ErrInvalidConfig = errors.New("invalid cluster config")

//go:embed configs/*.yaml
var configFS embed.FS

// Config is a cluster topology: a kind v1alpha4 Cluster that passed
// Validate. Node images are left empty; Up sets them from WithImage.
type Config struct {
	// Kind is the kind configuration handed to kind's Create.
	Kind v1alpha4.Cluster
}

// ParseConfig decodes a kind v1alpha4 Cluster document strictly (unknown
// fields are errors) and validates it.
func ParseConfig(data []byte) (*Config, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	c := &Config{}
	if err := dec.Decode(&c.Kind); err != nil {
		return nil, fmt.Errorf("%w: decode kind config: %w", ErrInvalidConfig, err)
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// ReadConfigFile reads and validates a kind v1alpha4 Cluster file.
func ReadConfigFile(file string) (*Config, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read cluster config: %w", err)
	}
	c, err := ParseConfig(data)
	if err != nil {
		return nil, fmt.Errorf("cluster config %s: %w", file, err)
	}
	return c, nil
}

// EmbeddedConfig returns the embedded topology configs/<name>.yaml.
func EmbeddedConfig(name string) (*Config, error) {
	data, err := configFS.ReadFile(path.Join("configs", name+".yaml"))
	if err != nil {
		return nil, fmt.Errorf("embedded cluster config %q (have %s): %w", name,
			strings.Join(EmbeddedConfigNames(), ", "), err)
	}
	c, err := ParseConfig(data)
	if err != nil {
		return nil, fmt.Errorf("embedded cluster config %q: %w", name, err)
	}
	return c, nil
}

// EmbeddedConfigNames lists the embedded topologies, sorted.
func EmbeddedConfigNames() []string {
	entries, _ := configFS.ReadDir("configs") // embedded: cannot fail
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	return names
}

// DefaultConfig returns the default topology (DefaultConfigName).
func DefaultConfig() *Config {
	c, err := EmbeddedConfig(DefaultConfigName)
	if err != nil {
		panic(err) // the embedded file is tested; reaching here is a build bug
	}
	return c
}

// Validate checks what canarylab relies on beyond kind's own validation:
// the v1alpha4 kind and apiVersion, exactly one control-plane node (more
// needs kind's Envoy load-balancer image, which cannot be built offline),
// no per-node images (Up sets one image on every node), and host port
// mappings that listen on a loopback address only.
func (c *Config) Validate() error {
	k := &c.Kind
	if k.Kind != "Cluster" || k.APIVersion != "kind.x-k8s.io/v1alpha4" {
		return fmt.Errorf("%w: want kind Cluster, apiVersion kind.x-k8s.io/v1alpha4, got %q %q",
			ErrInvalidConfig, k.Kind, k.APIVersion)
	}
	controlPlanes := 0
	for i, n := range k.Nodes {
		switch n.Role {
		case v1alpha4.ControlPlaneRole:
			controlPlanes++
		case v1alpha4.WorkerRole:
		default:
			return fmt.Errorf("%w: node %d: role %q (want control-plane or worker)", ErrInvalidConfig, i, n.Role)
		}
		if n.Image != "" {
			return fmt.Errorf("%w: node %d sets image %q; pass the image to Up instead", ErrInvalidConfig, i, n.Image)
		}
		for _, m := range n.ExtraPortMappings {
			if err := checkPortMapping(m); err != nil {
				return fmt.Errorf("%w: node %d: %w", ErrInvalidConfig, i, err)
			}
		}
	}
	if controlPlanes != 1 {
		return fmt.Errorf("%w: %d control-plane nodes, want exactly 1", ErrInvalidConfig, controlPlanes)
	}
	return nil
}

func checkPortMapping(m v1alpha4.PortMapping) error {
	if m.ContainerPort <= 0 || m.ContainerPort > 65535 || m.HostPort <= 0 || m.HostPort > 65535 {
		return fmt.Errorf("port mapping %d->%d: ports must be in 1..65535", m.ContainerPort, m.HostPort)
	}
	addr, err := netip.ParseAddr(m.ListenAddress)
	if err != nil || !addr.IsLoopback() {
		return fmt.Errorf("port mapping %d->%d: listenAddress %q must be a loopback address",
			m.ContainerPort, m.HostPort, m.ListenAddress)
	}
	return nil
}

// Nodes is the number of nodes the topology creates.
func (c *Config) Nodes() int { return len(c.Kind.Nodes) }

// Zones lists the distinct zone labels of the nodes, sorted.
func (c *Config) Zones() []string {
	var zones []string
	for _, n := range c.Kind.Nodes {
		if z, ok := n.Labels[ZoneLabel]; ok && !slices.Contains(zones, z) {
			zones = append(zones, z)
		}
	}
	slices.Sort(zones)
	return zones
}

// withImage returns a deep copy of the kind config with every node's image
// set to image.
func (c *Config) withImage(image string) *v1alpha4.Cluster {
	k := c.Kind.DeepCopy()
	for i := range k.Nodes {
		k.Nodes[i].Image = image
	}
	return k
}
