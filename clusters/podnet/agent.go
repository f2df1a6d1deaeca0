package podnet

import (
	"context"
	"fmt"
	"log/slog"
	"net/netip"
	"os"
	"path/filepath"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
)

// routeTable is where the agent's routes live (netlink on Linux).
type routeTable interface {
	List() ([]Route, error)
	Replace(Route) error
	Delete(netip.Prefix) error
}

// RESTConfig returns the in-cluster client configuration, pointed at
// endpoint (host:port) when it is not empty. kind passes the control plane's
// address so that the agent does not depend on kube-proxy, which itself waits
// for nothing but is not guaranteed to have programmed the Service yet.
func RESTConfig(endpoint string) (*rest.Config, error) {
	cfg, err := rest.InClusterConfig()
	if err != nil {
		return nil, err
	}
	if endpoint != "" {
		cfg.Host = "https://" + endpoint
	}
	cfg.UserAgent = "canarylab-podnet"
	return cfg, nil
}

// Run keeps the node's pod network in place until ctx ends: it watches Nodes
// and on every change (and every cfg.Resync) writes the CNI configuration,
// reconciles the routes to other nodes' pod CIDRs and the masquerade rules.
func Run(ctx context.Context, cfg Config, client kubernetes.Interface, log *slog.Logger) error {
	if err := enableForwarding(); err != nil {
		log.Warn("cannot enable IP forwarding", "err", err)
	}
	factory := informers.NewSharedInformerFactory(client, cfg.Resync)
	nodes := factory.Core().V1().Nodes()
	trigger := make(chan struct{}, 1)
	poke := func() {
		select {
		case trigger <- struct{}{}:
		default:
		}
	}
	if _, err := nodes.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(any) { poke() },
		UpdateFunc: func(any, any) { poke() },
		DeleteFunc: func(any) { poke() },
	}); err != nil {
		return err
	}
	factory.Start(ctx.Done())
	defer factory.Shutdown()
	if !cache.WaitForCacheSync(ctx.Done(), nodes.Informer().HasSynced) {
		return fmt.Errorf("podnet: node cache did not sync: %w", ctx.Err())
	}
	log.Info("watching nodes", "node", cfg.NodeName)

	s := &syncer{cfg: cfg, routes: newRouteTable(), log: log}
	ticker := time.NewTicker(cfg.Resync)
	defer ticker.Stop()
	poke()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-ticker.C:
		case <-trigger:
		}
		list, err := nodes.Lister().List(labels.Everything())
		if err == nil {
			err = s.sync(ctx, list)
		}
		if err != nil {
			log.Error("sync failed, retrying", "err", err)
			time.AfterFunc(2*time.Second, poke)
		}
	}
}

// syncer applies the desired state for one node.
type syncer struct {
	cfg       Config
	routes    routeTable
	log       *slog.Logger
	lastMasq  string
	announced bool
}

func (s *syncer) sync(ctx context.Context, list []*corev1.Node) error {
	infos := make([]NodeInfo, 0, len(list))
	var self *NodeInfo
	for _, n := range list {
		infos = append(infos, NodeInfoFrom(n))
		if n.Name == s.cfg.NodeName {
			self = &infos[len(infos)-1]
		}
	}
	if self == nil {
		return fmt.Errorf("node %q not found", s.cfg.NodeName)
	}
	if len(self.PodCIDRs) == 0 {
		s.log.Info("node has no podCIDR yet; waiting")
		return nil
	}

	conf, err := RenderConflist(CNIOptions{PodCIDRs: self.PodCIDRs, MTU: s.cfg.MTU})
	if err != nil {
		return err
	}
	path := filepath.Join(s.cfg.CNIConfDir, ConflistName)
	if wrote, err := WriteFileIfChanged(path, conf); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	} else if wrote {
		s.log.Info("wrote CNI configuration", "path", path, "podCIDRs", fmt.Sprint(self.PodCIDRs))
	}

	installed, err := s.routes.List()
	if err != nil {
		return err
	}
	plan := PlanRoutes(installed, DesiredRoutes(s.cfg.NodeName, infos))
	for _, r := range plan.Replace {
		if err := s.routes.Replace(r); err != nil {
			return err
		}
		s.log.Info("route", "dst", r.Dst.String(), "via", r.Via.String())
	}
	for _, d := range plan.Delete {
		if err := s.routes.Delete(d); err != nil {
			return err
		}
		s.log.Info("removed route", "dst", d.String())
	}

	return s.masquerade(ctx, infos)
}

func (s *syncer) masquerade(ctx context.Context, infos []NodeInfo) error {
	nets := s.cfg.PodSubnets
	if len(nets) == 0 {
		for _, n := range infos {
			nets = append(nets, n.PodCIDRs...)
		}
	}
	mode := s.cfg.iptablesMode()
	for _, v6 := range []bool{false, true} {
		var fam []netip.Prefix
		for _, p := range nets {
			if p.Addr().Is6() == v6 {
				fam = append(fam, p)
			}
		}
		if len(fam) == 0 {
			continue
		}
		ipt := Iptables{Mode: mode, IPv6: v6}
		key := fmt.Sprint(mode, v6, fam)
		if err := ipt.EnsureMasquerade(ctx, fam); err != nil {
			return err
		}
		if !s.announced || key != s.lastMasq {
			s.log.Info("masquerading pod traffic leaving the pod network", "podNets", fmt.Sprint(fam), "iptables", ipt.binary(""))
		}
		s.lastMasq = key
	}
	s.announced = true
	return nil
}

// NodeInfoFrom extracts the pod CIDRs and InternalIPs of a Node.
func NodeInfoFrom(n *corev1.Node) NodeInfo {
	info := NodeInfo{Name: n.Name}
	cidrs := n.Spec.PodCIDRs
	if len(cidrs) == 0 && n.Spec.PodCIDR != "" {
		cidrs = []string{n.Spec.PodCIDR}
	}
	for _, c := range cidrs {
		if p, err := netip.ParsePrefix(c); err == nil {
			info.PodCIDRs = append(info.PodCIDRs, p.Masked())
		}
	}
	for _, a := range n.Status.Addresses {
		if a.Type != corev1.NodeInternalIP {
			continue
		}
		if ip, err := netip.ParseAddr(a.Address); err == nil {
			info.InternalIP = append(info.InternalIP, ip.Unmap())
		}
	}
	return info
}

// enableForwarding turns on IPv4 (and, where present, IPv6) forwarding in the
// node's network namespace: pods' packets are routed through the node.
func enableForwarding() error {
	if err := os.WriteFile("/proc/sys/net/ipv4/ip_forward", []byte("1"), 0o644); err != nil {
		return err
	}
	_ = os.WriteFile("/proc/sys/net/ipv6/conf/all/forwarding", []byte("1"), 0o644)
	return nil
}
