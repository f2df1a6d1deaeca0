package e2e

import (
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/canarylab/canarylab/clusters"
)

// TestCluster creates the default 1+3 cluster from the offline node image,
// checks nodes, zones, the router port mapping, CoreDNS and kube-proxy,
// networking between pods on different workers by pod IP and by Service DNS
// name, reuse by a second Up, and that Down leaves no container.
func TestCluster(t *testing.T) {
	image := requireEnv(t)
	ctx := testContext(t)
	const name = "canarylab-e2e"
	ensureGone(t, ctx, name)
	kubeconfig := filepath.Join(t.TempDir(), "kubeconfig")

	start := time.Now()
	c, err := clusters.Up(ctx, name, clusters.WithImage(image), clusters.WithKubeconfigPath(kubeconfig))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("MEASURED cluster up (library, 1+3 nodes): %v total = kind create %v + readiness wait %v",
		time.Since(start).Round(time.Millisecond), c.CreateTime.Round(time.Millisecond), c.ReadyTime.Round(time.Millisecond))
	deleted := false
	t.Cleanup(func() {
		if !deleted {
			if err := c.Delete(context.Background()); err != nil {
				t.Errorf("cleanup: %v", err)
			}
		}
	})
	if c.Reused {
		t.Fatal("Up reused a cluster although none existed")
	}

	t.Run("nodes and zones", func(t *testing.T) { checkNodes(t, ctx, c) })
	t.Run("system pods", func(t *testing.T) { checkSystemPods(t, ctx, c) })
	t.Run("router port mapping", func(t *testing.T) {
		out, err := exec.Command("docker", "port", name+"-worker", "30080/tcp").Output()
		if err != nil || strings.TrimSpace(string(out)) != "127.0.0.1:18080" {
			t.Errorf("docker port %s-worker 30080/tcp = %q, %v; want 127.0.0.1:18080", name, out, err)
		}
	})
	t.Run("pod network", func(t *testing.T) { checkPodNetwork(t, ctx, c) })
	t.Run("reuse", func(t *testing.T) {
		start := time.Now()
		again, err := clusters.Up(ctx, name, clusters.WithImage(image), clusters.WithKubeconfigPath(kubeconfig))
		if err != nil {
			t.Fatal(err)
		}
		if !again.Reused || !again.Readiness.Ready() {
			t.Errorf("second Up: reused %v, readiness %s; want a reused ready cluster", again.Reused, again.Readiness)
		}
		t.Logf("second Up reused the cluster in %v", time.Since(start).Round(time.Millisecond))

		single, err := clusters.EmbeddedConfig("single")
		if err != nil {
			t.Fatal(err)
		}
		for _, opts := range [][]clusters.Option{
			{clusters.WithImage(image), clusters.WithConfig(single)},
			{clusters.WithImage("canarylab/node:some-other-build")},
		} {
			if _, err := clusters.Up(ctx, name, opts...); !errors.Is(err, clusters.ErrMismatch) {
				t.Errorf("Up with another topology or image: err = %v, want ErrMismatch", err)
			}
		}
	})
	t.Run("down", func(t *testing.T) {
		start := time.Now()
		if err := c.Delete(ctx); err != nil {
			t.Fatal(err)
		}
		deleted = true
		t.Logf("MEASURED cluster down (library): %v", time.Since(start).Round(time.Millisecond))
		if left := labelledContainers(t, name); len(left) > 0 {
			t.Errorf("containers left after Down: %v", left)
		}
		names, err := clusters.List(ctx)
		if err != nil || slices.Contains(names, name) {
			t.Errorf("List after Down = %v, %v", names, err)
		}
	})
}

func checkNodes(t *testing.T, ctx context.Context, c *clusters.Cluster) {
	nodes, err := c.Client().CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	zones := map[string]string{}
	for _, n := range nodes.Items {
		zones[n.Name] = n.Labels[clusters.ZoneLabel]
		ready := false
		for _, cond := range n.Status.Conditions {
			ready = ready || (cond.Type == corev1.NodeReady && cond.Status == corev1.ConditionTrue)
		}
		if !ready {
			t.Errorf("node %s not Ready", n.Name)
		}
	}
	want := map[string]string{
		c.Name + "-control-plane": "", c.Name + "-worker": "zone-a", c.Name + "-worker2": "zone-b", c.Name + "-worker3": "zone-a",
	}
	if len(zones) != len(want) {
		t.Errorf("nodes %v, want %v", zones, want)
	}
	for n, z := range want {
		if got, ok := zones[n]; !ok || got != z {
			t.Errorf("node %s: present %v, zone %q; want zone %q", n, ok, got, z)
		}
	}
}

func checkSystemPods(t *testing.T, ctx context.Context, c *clusters.Cluster) {
	r, err := clusters.CheckReadiness(ctx, c.Client(), 4)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Ready() || r.CoreDNS == 0 {
		t.Errorf("readiness %s", r)
	}
	proxies, err := c.Client().CoreV1().Pods("kube-system").List(ctx, metav1.ListOptions{LabelSelector: "k8s-app=kube-proxy"})
	if err != nil {
		t.Fatal(err)
	}
	var on []string
	for _, p := range proxies.Items {
		if p.Status.Phase == corev1.PodRunning {
			on = append(on, p.Spec.NodeName)
		}
	}
	slices.Sort(on)
	want := []string{c.Name + "-control-plane", c.Name + "-worker", c.Name + "-worker2", c.Name + "-worker3"}
	if !slices.Equal(on, want) {
		t.Errorf("kube-proxy running on %v, want %v", on, want)
	}
	t.Logf("readiness: %s", r)
}

func checkPodNetwork(t *testing.T, ctx context.Context, c *clusters.Cluster) {
	archive, ref := buildProbeImage(t)
	if err := c.LoadImageArchive(ctx, archive); err != nil {
		t.Fatal(err)
	}
	ns, cleanup, err := c.RunNamespace(ctx, "e2e-net")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := cleanup(context.Background()); err != nil {
			t.Errorf("namespace cleanup: %v", err)
		}
	})
	cs := c.Client()
	serverNode, clientNode := c.Name+"-worker", c.Name+"-worker2"
	labels := map[string]string{"app": "probe-server"}
	if _, err := cs.CoreV1().Pods(ns).Create(ctx, probePod("probe-server", ref, serverNode, labels, "serve"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.CoreV1().Services(ns).Create(ctx, probeService("probe", labels), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	server, err := waitPod(ctx, cs, ns, "probe-server", 2*time.Minute, isReady)
	if err != nil {
		t.Fatalf("server not ready: %v", err)
	}
	want := "pod=probe-server node=" + serverNode + "\n"
	targets := []struct{ pod, url string }{
		{"get-by-pod-ip", "http://" + server.Status.PodIP + ":8080/"},
		{"get-by-service-dns", "http://probe." + ns + ".svc.cluster.local/"},
	}
	for _, tg := range targets {
		if _, err := cs.CoreV1().Pods(ns).Create(ctx,
			probePod(tg.pod, ref, clientNode, nil, "get", "-tries", "60", tg.url), metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tg := range targets {
		p, err := waitPod(ctx, cs, ns, tg.pod, 2*time.Minute, isFinished)
		if err != nil {
			t.Errorf("%s: %v", tg.pod, err)
			continue
		}
		got := logs(t, ctx, cs, ns, tg.pod)
		if p.Status.Phase != corev1.PodSucceeded || got != want {
			t.Errorf("%s on %s fetching %s: phase %s, got %q, want %q", tg.pod, clientNode, tg.url, p.Status.Phase, got, want)
		} else {
			t.Logf("%s on %s reached %s: %q", tg.pod, p.Spec.NodeName, tg.url, strings.TrimSpace(got))
		}
	}
}
