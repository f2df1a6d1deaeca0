package clusters

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/kind/pkg/apis/config/v1alpha4"
)

func TestDefaultConfig(t *testing.T) {
	c := DefaultConfig()
	var roles []v1alpha4.NodeRole
	var zones []string
	for _, n := range c.Kind.Nodes {
		roles = append(roles, n.Role)
		zones = append(zones, n.Labels[ZoneLabel])
	}
	wantRoles := []v1alpha4.NodeRole{"control-plane", "worker", "worker", "worker"}
	if !slices.Equal(roles, wantRoles) {
		t.Errorf("roles %v, want %v", roles, wantRoles)
	}
	if want := []string{"", "zone-a", "zone-b", "zone-a"}; !slices.Equal(zones, want) {
		t.Errorf("zones by node %q, want %q", zones, want)
	}
	if got := c.Zones(); !slices.Equal(got, []string{"zone-a", "zone-b"}) {
		t.Errorf("Zones() = %v", got)
	}
	if c.Nodes() != 4 {
		t.Errorf("Nodes() = %d, want 4", c.Nodes())
	}
	want := []v1alpha4.PortMapping{{ContainerPort: 30080, HostPort: 18080, ListenAddress: "127.0.0.1", Protocol: "TCP"}}
	if got := c.Kind.Nodes[1].ExtraPortMappings; !slices.Equal(got, want) {
		t.Errorf("first worker port mappings %+v, want %+v", got, want)
	}
	for i, n := range c.Kind.Nodes {
		if i != 1 && len(n.ExtraPortMappings) > 0 {
			t.Errorf("node %d also maps ports: %+v", i, n.ExtraPortMappings)
		}
	}
}

func TestEmbeddedConfigs(t *testing.T) {
	names := EmbeddedConfigNames()
	if !slices.Equal(names, []string{"default", "single"}) {
		t.Errorf("embedded configs %v", names)
	}
	for _, name := range names {
		if _, err := EmbeddedConfig(name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	single, _ := EmbeddedConfig("single")
	if single.Nodes() != 1 {
		t.Errorf("single has %d nodes", single.Nodes())
	}
	if _, err := EmbeddedConfig("nope"); err == nil || !strings.Contains(err.Error(), "default, single") {
		t.Errorf("unknown config error %v should list the embedded names", err)
	}
}

func TestWithImage(t *testing.T) {
	c := DefaultConfig()
	k := c.withImage("canarylab/node:v1.34.4-abc")
	for i, n := range k.Nodes {
		if n.Image != "canarylab/node:v1.34.4-abc" {
			t.Errorf("node %d image %q", i, n.Image)
		}
		if c.Kind.Nodes[i].Image != "" {
			t.Errorf("withImage changed the config's node %d", i)
		}
	}
	k.Nodes[1].Labels[ZoneLabel] = "zone-z"
	if c.Kind.Nodes[1].Labels[ZoneLabel] != "zone-a" {
		t.Error("withImage shares label maps with the config")
	}
}

const head = "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\n"

func TestParseConfig(t *testing.T) {
	tests := []struct {
		name, yaml string
		wantErr    string // "" for valid
	}{
		{"one control plane", head + "nodes:\n- role: control-plane\n", ""},
		{"loopback v6 mapping", head + "nodes:\n- role: control-plane\n  extraPortMappings:\n  - {containerPort: 80, hostPort: 8080, listenAddress: '::1'}\n", ""},
		{"no nodes", head, "0 control-plane nodes"},
		{"two control planes", head + "nodes:\n- role: control-plane\n- role: control-plane\n", "2 control-plane nodes"},
		{"workers only", head + "nodes:\n- role: worker\n", "0 control-plane nodes"},
		{"bad role", head + "nodes:\n- role: boss\n", `role "boss"`},
		{"node image", head + "nodes:\n- role: control-plane\n  image: kindest/node:v1.34.0\n", "pass the image to Up"},
		{"all interfaces", head + "nodes:\n- role: control-plane\n  extraPortMappings:\n  - {containerPort: 80, hostPort: 8080, listenAddress: 0.0.0.0}\n", "loopback"},
		{"default listen address", head + "nodes:\n- role: control-plane\n  extraPortMappings:\n  - {containerPort: 80, hostPort: 8080}\n", "loopback"},
		{"port zero", head + "nodes:\n- role: control-plane\n  extraPortMappings:\n  - {containerPort: 80, listenAddress: 127.0.0.1}\n", "1..65535"},
		{"unknown field", head + "nodes:\n- role: control-plane\n  zone: a\n", "field zone not found"},
		{"wrong apiVersion", "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha3\nnodes:\n- role: control-plane\n", "apiVersion"},
		{"bad protocol", head + "nodes:\n- role: control-plane\n  extraPortMappings:\n  - {containerPort: 80, hostPort: 1, listenAddress: 127.0.0.1, protocol: QUIC}\n", "QUIC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfig([]byte(tt.yaml))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("err = %v, want one containing %q", err, tt.wantErr)
			case tt.wantErr != "" && !errors.Is(err, ErrInvalidConfig):
				t.Errorf("err = %v does not wrap ErrInvalidConfig", err)
			}
		})
	}
}

func TestReadConfigFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	if err := os.WriteFile(good, []byte(head+"nodes:\n- role: control-plane\n- role: worker\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := ReadConfigFile(good)
	if err != nil || c.Nodes() != 2 {
		t.Errorf("ReadConfigFile = %v, %v; want 2 nodes", c, err)
	}
	if _, err := ReadConfigFile(filepath.Join(dir, "missing.yaml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: err = %v, want ErrNotExist", err)
	}
}
