package clusters

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
)

func node(name string, ready corev1.ConditionStatus) corev1.Node {
	n := corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name}}
	if ready != "" {
		n.Status.Conditions = []corev1.NodeCondition{
			{Type: corev1.NodeMemoryPressure, Status: corev1.ConditionFalse},
			{Type: corev1.NodeReady, Status: ready},
		}
	}
	return n
}

func pod(name, app, nodeName string, phase corev1.PodPhase, ready bool) corev1.Pod {
	status := corev1.ConditionFalse
	if ready {
		status = corev1.ConditionTrue
	}
	return corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "kube-system", Labels: map[string]string{"k8s-app": app}},
		Spec:       corev1.PodSpec{NodeName: nodeName},
		Status: corev1.PodStatus{Phase: phase, Conditions: []corev1.PodCondition{
			{Type: corev1.PodScheduled, Status: corev1.ConditionTrue},
			{Type: corev1.PodReady, Status: status},
		}},
	}
}

const (
	running = corev1.PodRunning
	pending = corev1.PodPending
	yes     = corev1.ConditionTrue
)

func healthy() ([]corev1.Node, []corev1.Pod) {
	return []corev1.Node{node("cp", yes), node("w1", yes), node("w2", yes)},
		[]corev1.Pod{
			pod("coredns-1", "kube-dns", "cp", running, true),
			pod("coredns-2", "kube-dns", "cp", running, true),
			pod("kp-cp", "kube-proxy", "cp", running, true),
			pod("kp-w1", "kube-proxy", "w1", running, true),
			pod("kp-w2", "kube-proxy", "w2", running, true),
			pod("etcd", "", "cp", running, true),
		}
}

func TestAssessReadiness(t *testing.T) {
	tests := []struct {
		name   string
		want   int
		mutate func([]corev1.Node, []corev1.Pod) ([]corev1.Node, []corev1.Pod)
		expect Readiness
		ready  bool
	}{
		{"healthy", 3, nil, Readiness{WantNodes: 3, Nodes: 3, NodesReady: 3, CoreDNS: 2, CoreDNSReady: 2}, true},
		{"node not ready", 3, func(n []corev1.Node, p []corev1.Pod) ([]corev1.Node, []corev1.Pod) {
			n[2] = node("w2", corev1.ConditionFalse)
			return n, p
		}, Readiness{WantNodes: 3, Nodes: 3, NodesReady: 2, CoreDNS: 2, CoreDNSReady: 2}, false},
		{"node without conditions", 3, func(n []corev1.Node, p []corev1.Pod) ([]corev1.Node, []corev1.Pod) {
			n[1] = node("w1", "")
			return n, p
		}, Readiness{WantNodes: 3, Nodes: 3, NodesReady: 2, CoreDNS: 2, CoreDNSReady: 2}, false},
		{"node not registered", 4, nil, Readiness{WantNodes: 4, Nodes: 3, NodesReady: 3, CoreDNS: 2, CoreDNSReady: 2}, false},
		{"coredns not ready", 3, func(n []corev1.Node, p []corev1.Pod) ([]corev1.Node, []corev1.Pod) {
			p[1] = pod("coredns-2", "kube-dns", "cp", running, false)
			return n, p
		}, Readiness{WantNodes: 3, Nodes: 3, NodesReady: 3, CoreDNS: 2, CoreDNSReady: 1}, false},
		{"no coredns", 3, func(n []corev1.Node, p []corev1.Pod) ([]corev1.Node, []corev1.Pod) {
			return n, p[2:]
		}, Readiness{WantNodes: 3, Nodes: 3, NodesReady: 3}, false},
		{"kube-proxy pending and missing", 3, func(n []corev1.Node, p []corev1.Pod) ([]corev1.Node, []corev1.Pod) {
			p[3] = pod("kp-w1", "kube-proxy", "w1", pending, false)
			return n, slices.Delete(p, 4, 5)
		}, Readiness{WantNodes: 3, Nodes: 3, NodesReady: 3, CoreDNS: 2, CoreDNSReady: 2, KubeProxyMissing: []string{"w1", "w2"}}, false},
		{"kube-proxy running but not ready", 3, func(n []corev1.Node, p []corev1.Pod) ([]corev1.Node, []corev1.Pod) {
			p[2] = pod("kp-cp", "kube-proxy", "cp", running, false)
			return n, p
		}, Readiness{WantNodes: 3, Nodes: 3, NodesReady: 3, CoreDNS: 2, CoreDNSReady: 2, KubeProxyMissing: []string{"cp"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, p := healthy()
			if tt.mutate != nil {
				n, p = tt.mutate(n, p)
			}
			got := AssessReadiness(tt.want, n, p)
			if got.String() != tt.expect.String() || !slices.Equal(got.KubeProxyMissing, tt.expect.KubeProxyMissing) {
				t.Errorf("got %s, want %s", got, tt.expect)
			}
			if got.Ready() != tt.ready {
				t.Errorf("Ready() = %v, want %v (%s)", got.Ready(), tt.ready, got)
			}
		})
	}
}

func TestReadinessString(t *testing.T) {
	r := Readiness{WantNodes: 4, Nodes: 3, NodesReady: 2, CoreDNS: 2, CoreDNSReady: 1, KubeProxyMissing: []string{"w1", "w3"}}
	want := "nodes 3/4 registered, 2 Ready; coredns 1/2 Ready; kube-proxy not running on w1,w3"
	if r.String() != want {
		t.Errorf("String() = %q, want %q", r.String(), want)
	}
}

func objects(n []corev1.Node, p []corev1.Pod) []runtime.Object {
	var objs []runtime.Object
	for i := range n {
		objs = append(objs, &n[i])
	}
	for i := range p {
		objs = append(objs, &p[i])
	}
	return objs
}

func TestWaitReady(t *testing.T) {
	n, p := healthy()
	r, err := waitReady(context.Background(), fake.NewClientset(objects(n, p)...), 3, time.Second)
	if err != nil || !r.Ready() {
		t.Errorf("healthy cluster: %s, %v", r, err)
	}

	n[0] = node("cp", corev1.ConditionFalse)
	r, err = waitReady(context.Background(), fake.NewClientset(objects(n, p)...), 3, 50*time.Millisecond)
	if !errors.Is(err, ErrNotReady) || !errors.Is(err, context.DeadlineExceeded) || r.NodesReady != 2 {
		t.Errorf("unready cluster: %s, %v; want ErrNotReady after the deadline", r, err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err = waitReady(ctx, fake.NewClientset(objects(n, p)...), 3, time.Minute); !errors.Is(err, context.Canceled) || errors.Is(err, ErrNotReady) {
		t.Errorf("cancelled wait: %v, want context.Canceled", err)
	}
}
