package podnet

import (
	"fmt"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config configures the agent.
type Config struct {
	// NodeName is the Node this agent runs on (NODE_NAME, from the downward API).
	NodeName string
	// PodSubnets is the cluster's pod network (POD_SUBNET, comma separated;
	// kind templates it from networking.podSubnet). Traffic from it to
	// anywhere outside it is masqueraded. When empty, the union of all
	// nodes' pod CIDRs is used.
	PodSubnets []netip.Prefix
	// CNIConfDir is where the CNI configuration is written (CNI_CONF_DIR).
	CNIConfDir string
	// IptablesModeFile names a file holding "legacy" or "nft"
	// (IPTABLES_MODE_FILE); missing means the image's default iptables.
	IptablesModeFile string
	// MTU of pod interfaces (POD_MTU); 0 lets the plugin decide.
	MTU int
	// ControlPlaneEndpoint is host:port of the API server (CONTROL_PLANE_ENDPOINT,
	// set by kind); used instead of the kubernetes Service, which needs
	// kube-proxy. Empty means the in-cluster default.
	ControlPlaneEndpoint string
	// Resync is how often the agent re-applies its state even without events.
	Resync time.Duration
}

// ConfigFromEnv reads the Config from environment variables (see the field
// comments), with defaults for everything but NODE_NAME.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		NodeName:             strings.TrimSpace(getenv("NODE_NAME")),
		CNIConfDir:           getenv("CNI_CONF_DIR"),
		IptablesModeFile:     getenv("IPTABLES_MODE_FILE"),
		ControlPlaneEndpoint: strings.TrimSpace(getenv("CONTROL_PLANE_ENDPOINT")),
		Resync:               30 * time.Second,
	}
	if c.NodeName == "" {
		return c, fmt.Errorf("podnet: NODE_NAME is not set")
	}
	if c.CNIConfDir == "" {
		c.CNIConfDir = "/etc/cni/net.d"
	}
	subnets, err := ParsePrefixes(getenv("POD_SUBNET"))
	if err != nil {
		return c, fmt.Errorf("podnet: POD_SUBNET: %w", err)
	}
	c.PodSubnets = subnets
	if v := getenv("POD_MTU"); v != "" {
		if c.MTU, err = strconv.Atoi(v); err != nil || c.MTU < 0 {
			return c, fmt.Errorf("podnet: POD_MTU %q is not a valid MTU", v)
		}
	}
	if v := getenv("RESYNC_PERIOD"); v != "" {
		if c.Resync, err = time.ParseDuration(v); err != nil || c.Resync <= 0 {
			return c, fmt.Errorf("podnet: RESYNC_PERIOD %q is not a positive duration", v)
		}
	}
	return c, nil
}

// ParsePrefixes parses a comma-separated list of CIDRs; empty entries are
// ignored.
func ParsePrefixes(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// iptablesMode reads the mode file; any problem means the default backend.
func (c Config) iptablesMode() string {
	if c.IptablesModeFile == "" {
		return ""
	}
	b, err := os.ReadFile(c.IptablesModeFile)
	if err != nil {
		return ""
	}
	switch m := strings.TrimSpace(string(b)); m {
	case "legacy", "nft":
		return m
	}
	return ""
}
