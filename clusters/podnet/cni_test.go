package podnet

import (
	"encoding/json"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
)

func TestRenderConflist(t *testing.T) {
	out, err := RenderConflist(CNIOptions{
		PodCIDRs: []netip.Prefix{netip.MustParsePrefix("10.244.1.7/24"), netip.MustParsePrefix("fd00:10:244:1::/64")},
		MTU:      1400,
	})
	if err != nil {
		t.Fatal(err)
	}
	var conf struct {
		CNIVersion string `json:"cniVersion"`
		Name       string
		Plugins    []struct {
			Type         string
			IPMasq       *bool `json:"ipMasq"`
			MTU          int
			Capabilities map[string]bool
			IPAM         struct {
				Type    string
				DataDir string
				Ranges  [][]struct{ Subnet string }
				Routes  []struct{ Dst string }
			}
		}
	}
	if err := json.Unmarshal(out, &conf); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if conf.Name != NetworkName || conf.CNIVersion != "0.4.0" || len(conf.Plugins) != 2 {
		t.Fatalf("unexpected conflist header: %s", out)
	}
	ptp, pm := conf.Plugins[0], conf.Plugins[1]
	if ptp.Type != "ptp" || ptp.IPMasq == nil || *ptp.IPMasq || ptp.MTU != 1400 {
		t.Errorf("ptp plugin: %+v", ptp)
	}
	if ptp.IPAM.Type != "host-local" || ptp.IPAM.DataDir != "/run/cni-ipam-state" {
		t.Errorf("ipam: %+v", ptp.IPAM)
	}
	if len(ptp.IPAM.Ranges) != 2 || ptp.IPAM.Ranges[0][0].Subnet != "10.244.1.0/24" ||
		ptp.IPAM.Ranges[1][0].Subnet != "fd00:10:244:1::/64" {
		t.Errorf("ranges (must be masked, one per family): %+v", ptp.IPAM.Ranges)
	}
	if len(ptp.IPAM.Routes) != 2 || ptp.IPAM.Routes[0].Dst != "0.0.0.0/0" || ptp.IPAM.Routes[1].Dst != "::/0" {
		t.Errorf("routes: %+v", ptp.IPAM.Routes)
	}
	if pm.Type != "portmap" || !pm.Capabilities["portMappings"] {
		t.Errorf("portmap plugin: %+v", pm)
	}
}

func TestRenderConflistErrors(t *testing.T) {
	if _, err := RenderConflist(CNIOptions{}); err == nil {
		t.Error("no pod CIDR: want an error")
	}
	if _, err := RenderConflist(CNIOptions{PodCIDRs: []netip.Prefix{{}}}); err == nil {
		t.Error("invalid pod CIDR: want an error")
	}
}

func TestRenderConflistOmitsZeroMTU(t *testing.T) {
	out, err := RenderConflist(CNIOptions{PodCIDRs: []netip.Prefix{netip.MustParsePrefix("10.244.0.0/24")}})
	if err != nil {
		t.Fatal(err)
	}
	var conf struct{ Plugins []map[string]any }
	if err := json.Unmarshal(out, &conf); err != nil {
		t.Fatal(err)
	}
	if _, ok := conf.Plugins[0]["mtu"]; ok {
		t.Errorf("mtu set although MTU is 0: %s", out)
	}
}

func TestWriteFileIfChanged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", ConflistName)
	for i, tc := range []struct {
		data  string
		wrote bool
	}{{"a", true}, {"a", false}, {"b", true}} {
		wrote, err := WriteFileIfChanged(path, []byte(tc.data))
		if err != nil {
			t.Fatal(err)
		}
		if wrote != tc.wrote {
			t.Errorf("step %d: wrote = %v, want %v", i, wrote, tc.wrote)
		}
		got, _ := os.ReadFile(path)
		if string(got) != tc.data {
			t.Errorf("step %d: content %q, want %q", i, got, tc.data)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}
