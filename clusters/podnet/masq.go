package podnet

import (
	"bytes"
	"context"
	"fmt"
	"net/netip"
	"os/exec"
	"strings"
)

// MasqChain is the nat chain that holds the agent's masquerade rules.
const MasqChain = "CANARYLAB-MASQ"

// masqJump is the POSTROUTING rule that sends every packet through MasqChain.
var masqJump = []string{"-m", "comment", "--comment", "canarylab pod network masquerade", "-j", MasqChain}

// MasqRestore returns iptables-restore input (for --noflush) that replaces
// the contents of MasqChain: packets between pod networks keep their source
// address; packets from a pod network to anywhere else leave with the node's
// address. Only prefixes of the requested family are used.
func MasqRestore(podNets []netip.Prefix, ipv6 bool) string {
	var b strings.Builder
	b.WriteString("*nat\n")
	fmt.Fprintf(&b, ":%s - [0:0]\n", MasqChain)
	var fam []netip.Prefix
	for _, p := range podNets {
		if p.IsValid() && p.Addr().Is6() == ipv6 {
			fam = append(fam, p.Masked())
		}
	}
	for _, p := range fam {
		fmt.Fprintf(&b, "-A %s -d %s -j RETURN\n", MasqChain, p)
	}
	for _, p := range fam {
		fmt.Fprintf(&b, "-A %s -s %s -j MASQUERADE\n", MasqChain, p)
	}
	b.WriteString("COMMIT\n")
	return b.String()
}

// Iptables runs the iptables tools of one IP family with one backend.
type Iptables struct {
	// Mode is "legacy", "nft" or "" (whatever `iptables` points to). The
	// node entrypoint records the backend Docker used in /kind/iptables-mode;
	// the agent must program the same one as kube-proxy and Docker.
	Mode string
	// IPv6 selects ip6tables.
	IPv6 bool
}

func (t Iptables) binary(suffix string) string {
	name := "iptables"
	if t.IPv6 {
		name = "ip6tables"
	}
	if t.Mode != "" {
		name += "-" + t.Mode
	}
	return name + suffix
}

func (t Iptables) run(ctx context.Context, stdin string, bin string, args ...string) error {
	cmd := exec.CommandContext(ctx, bin, args...)
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %w: %s", bin, strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// Restore applies iptables-restore input without flushing other chains.
func (t Iptables) Restore(ctx context.Context, data string) error {
	return t.run(ctx, data, t.binary("-restore"), "-w", "5", "--noflush")
}

// EnsureRule appends rule to chain in table unless it is already there.
func (t Iptables) EnsureRule(ctx context.Context, table, chain string, rule ...string) error {
	check := append([]string{"-w", "5", "-t", table, "-C", chain}, rule...)
	if t.run(ctx, "", t.binary(""), check...) == nil {
		return nil
	}
	add := append([]string{"-w", "5", "-t", table, "-A", chain}, rule...)
	return t.run(ctx, "", t.binary(""), add...)
}

// EnsureMasquerade makes MasqChain hold the rules for podNets and makes sure
// POSTROUTING jumps to it. The chain is replaced atomically.
func (t Iptables) EnsureMasquerade(ctx context.Context, podNets []netip.Prefix) error {
	if err := t.Restore(ctx, MasqRestore(podNets, t.IPv6)); err != nil {
		return err
	}
	return t.EnsureRule(ctx, "nat", "POSTROUTING", masqJump...)
}
