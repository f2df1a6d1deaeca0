package clusters

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/canarylab/canarylab/internal/logging"
)

// ErrNotReady is returned (wrapped) when a cluster did not become ready in
// time.
var ErrNotReady = errors.New("cluster not ready")

// Labels of the kube-system pods readiness looks at (kubeadm's defaults).
const (
	coreDNSSelector   = "k8s-app=kube-dns"
	kubeProxySelector = "k8s-app=kube-proxy"
)

// Readiness is one look at a cluster's health.
type Readiness struct {
	// WantNodes is how many nodes the topology has.
	WantNodes int
	// Nodes counts registered nodes, NodesReady those whose Ready condition
	// is True.
	Nodes, NodesReady int
	// CoreDNS counts CoreDNS pods, CoreDNSReady those that are Ready.
	CoreDNS, CoreDNSReady int
	// KubeProxyMissing names the nodes (sorted) with no Running and Ready
	// kube-proxy pod.
	KubeProxyMissing []string
}

// Ready reports whether every expected node is Ready, at least one CoreDNS
// pod exists and all are Ready, and kube-proxy runs on every node.
func (r Readiness) Ready() bool {
	return r.Nodes == r.WantNodes && r.NodesReady == r.WantNodes &&
		r.CoreDNS > 0 && r.CoreDNSReady == r.CoreDNS && len(r.KubeProxyMissing) == 0
}

// String summarises r for logs and errors.
func (r Readiness) String() string {
	s := fmt.Sprintf("nodes %d/%d registered, %d Ready; coredns %d/%d Ready",
		r.Nodes, r.WantNodes, r.NodesReady, r.CoreDNSReady, r.CoreDNS)
	if len(r.KubeProxyMissing) > 0 {
		s += "; kube-proxy not running on " + strings.Join(r.KubeProxyMissing, ",")
	}
	return s
}

// AssessReadiness computes Readiness from the cluster's nodes and its
// kube-system pods (CoreDNS and kube-proxy are recognised by kubeadm's
// k8s-app labels).
func AssessReadiness(wantNodes int, nodes []corev1.Node, kubeSystem []corev1.Pod) Readiness {
	r := Readiness{WantNodes: wantNodes, Nodes: len(nodes)}
	proxied := map[string]bool{}
	for i := range kubeSystem {
		p := &kubeSystem[i]
		switch p.Labels["k8s-app"] {
		case "kube-dns":
			r.CoreDNS++
			if podReady(p) {
				r.CoreDNSReady++
			}
		case "kube-proxy":
			if p.Status.Phase == corev1.PodRunning && podReady(p) {
				proxied[p.Spec.NodeName] = true
			}
		}
	}
	for i := range nodes {
		n := &nodes[i]
		if nodeReady(n) {
			r.NodesReady++
		}
		if !proxied[n.Name] {
			r.KubeProxyMissing = append(r.KubeProxyMissing, n.Name)
		}
	}
	slices.Sort(r.KubeProxyMissing)
	return r
}

func nodeReady(n *corev1.Node) bool {
	for _, c := range n.Status.Conditions {
		if c.Type == corev1.NodeReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

func podReady(p *corev1.Pod) bool {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// CheckReadiness looks at the cluster once.
func CheckReadiness(ctx context.Context, cs kubernetes.Interface, wantNodes int) (Readiness, error) {
	nodes, err := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return Readiness{}, fmt.Errorf("list nodes: %w", err)
	}
	var pods []corev1.Pod
	for _, sel := range []string{coreDNSSelector, kubeProxySelector} {
		l, err := cs.CoreV1().Pods("kube-system").List(ctx, metav1.ListOptions{LabelSelector: sel})
		if err != nil {
			return Readiness{}, fmt.Errorf("list kube-system pods %s: %w", sel, err)
		}
		pods = append(pods, l.Items...)
	}
	return AssessReadiness(wantNodes, nodes.Items, pods), nil
}

// readyPollInterval is how often waitReady looks at the cluster.
const readyPollInterval = time.Second

// waitReady polls the cluster until it is Ready, ctx ends or timeout
// passes. API errors while the control plane starts are retried.
func waitReady(ctx context.Context, cs kubernetes.Interface, wantNodes int, timeout time.Duration) (Readiness, error) {
	log := logging.From(ctx)
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tick := time.NewTicker(readyPollInterval)
	defer tick.Stop()
	var last Readiness
	var lastErr error
	for {
		r, err := CheckReadiness(ctx, cs, wantNodes)
		switch {
		case err != nil:
			if lastErr == nil || err.Error() != lastErr.Error() {
				log.Debug("cluster readiness check failed; retrying", "err", err)
			}
			lastErr = err
		case r.Ready():
			return r, nil
		default:
			if r.String() != last.String() {
				log.Info("waiting for cluster", "status", r.String())
			}
			last, lastErr = r, nil
		}
		select {
		case <-ctx.Done():
			if parent.Err() != nil {
				return last, fmt.Errorf("wait for cluster (%s): %w", last, parent.Err())
			}
			if lastErr != nil {
				return last, fmt.Errorf("%w after %v: %w (last error: %w)", ErrNotReady, timeout, ctx.Err(), lastErr)
			}
			return last, fmt.Errorf("%w after %v: %s: %w", ErrNotReady, timeout, last, ctx.Err())
		case <-tick.C:
		}
	}
}
