package podnet

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
)

// NetworkName is the name of the CNI network the agent configures.
const NetworkName = "canarylab"

// ConflistName is the file the agent writes in the CNI configuration
// directory; containerd picks the first file in lexical order.
const ConflistName = "10-canarylab.conflist"

// CNIOptions are the inputs of the node's CNI configuration.
type CNIOptions struct {
	// PodCIDRs are the node's spec.podCIDRs (one per IP family).
	PodCIDRs []netip.Prefix
	// MTU of the pod interfaces; 0 lets the ptp plugin choose.
	MTU int
	// IPAMDataDir is where host-local keeps its leases. A tmpfs path (kind
	// mounts /run as tmpfs) forgets leases when the node restarts, together
	// with the containers that held them.
	IPAMDataDir string
}

// RenderConflist returns the CNI configuration list for a node: a ptp
// interface per pod (a veth pair with a /32 route on the node, so no bridge
// and no ARP between pods), addresses from host-local out of the node's pod
// CIDRs, and portmap for hostPort.
func RenderConflist(o CNIOptions) ([]byte, error) {
	if len(o.PodCIDRs) == 0 {
		return nil, fmt.Errorf("podnet: no pod CIDR for the CNI configuration")
	}
	dataDir := o.IPAMDataDir
	if dataDir == "" {
		dataDir = "/run/cni-ipam-state"
	}
	var ranges [][]map[string]string
	var routes []map[string]string
	for _, p := range o.PodCIDRs {
		if !p.IsValid() {
			return nil, fmt.Errorf("podnet: invalid pod CIDR %v", p)
		}
		p = p.Masked()
		ranges = append(ranges, []map[string]string{{"subnet": p.String()}})
		if p.Addr().Is4() {
			routes = append(routes, map[string]string{"dst": "0.0.0.0/0"})
		} else {
			routes = append(routes, map[string]string{"dst": "::/0"})
		}
	}
	ptp := map[string]any{
		"type":   "ptp",
		"ipMasq": false, // the agent masquerades once per node instead.
		"ipam": map[string]any{
			"type":    "host-local",
			"dataDir": dataDir,
			"ranges":  ranges,
			"routes":  routes,
		},
	}
	if o.MTU > 0 {
		ptp["mtu"] = o.MTU
	}
	conf := map[string]any{
		"cniVersion": "0.4.0",
		"name":       NetworkName,
		"plugins": []any{
			ptp,
			map[string]any{"type": "portmap", "capabilities": map[string]bool{"portMappings": true}},
		},
	}
	out, err := json.MarshalIndent(conf, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

// WriteFileIfChanged atomically replaces path with data unless it already
// holds exactly data. It reports whether the file was written.
func WriteFileIfChanged(path string, data []byte) (bool, error) {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return false, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return false, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	if err != nil {
		return false, err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return false, err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return false, err
	}
	if err := tmp.Close(); err != nil {
		return false, err
	}
	return true, os.Rename(tmp.Name(), path)
}
