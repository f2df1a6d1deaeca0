package podnet

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestConfigFromEnv(t *testing.T) {
	c, err := ConfigFromEnv(env(map[string]string{
		"NODE_NAME":              "w1",
		"POD_SUBNET":             "10.244.0.0/16, fd00:10:244::/56",
		"POD_MTU":                "1450",
		"RESYNC_PERIOD":          "10s",
		"CONTROL_PLANE_ENDPOINT": "kind-control-plane:6443",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		NodeName:             "w1",
		PodSubnets:           pfx("10.244.0.0/16", "fd00:10:244::/56"),
		CNIConfDir:           "/etc/cni/net.d",
		MTU:                  1450,
		ControlPlaneEndpoint: "kind-control-plane:6443",
		Resync:               10 * time.Second,
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got %+v\nwant %+v", c, want)
	}
}

func TestConfigFromEnvErrors(t *testing.T) {
	for name, m := range map[string]map[string]string{
		"no node":     {},
		"bad subnet":  {"NODE_NAME": "a", "POD_SUBNET": "10.244.0.0"},
		"bad mtu":     {"NODE_NAME": "a", "POD_MTU": "-1"},
		"bad resync":  {"NODE_NAME": "a", "RESYNC_PERIOD": "0s"},
		"word resync": {"NODE_NAME": "a", "RESYNC_PERIOD": "soon"},
	} {
		if _, err := ConfigFromEnv(env(m)); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}

func TestIptablesMode(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "mode")
	c := Config{IptablesModeFile: f}
	if m := c.iptablesMode(); m != "" {
		t.Errorf("missing file: got %q", m)
	}
	for content, want := range map[string]string{"nft\n": "nft", "legacy": "legacy", "weird": ""} {
		if err := os.WriteFile(f, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if m := c.iptablesMode(); m != want {
			t.Errorf("%q: got %q, want %q", content, m, want)
		}
	}
}
