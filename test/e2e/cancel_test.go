package e2e

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/canarylab/canarylab/clusters"
)

// TestUpCancelled cancels Up at two points of kind's creation and checks
// that no container labelled with the cluster is left and that the
// kubeconfig has no entry for it.
func TestUpCancelled(t *testing.T) {
	image := requireEnv(t)
	tests := []struct {
		name string
		// cancelWhen reports, from the node containers seen and how long
		// all four have existed, when to cancel.
		cancelWhen func(containers int, allFor time.Duration) bool
	}{
		{"while provisioning nodes", func(n int, _ time.Duration) bool { return n >= 1 }},
		{"while kubeadm runs", func(n int, allFor time.Duration) bool { return n >= 4 && allFor >= 10*time.Second }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const name = "canarylab-e2e-cancel"
			ctx := testContext(t)
			ensureGone(t, ctx, name)
			kubeconfig := filepath.Join(t.TempDir(), "kubeconfig")
			upCtx, cancel := context.WithCancel(ctx)
			defer cancel()
			cancelled := make(chan time.Time, 1)
			go watchAndCancel(upCtx, name, tt.cancelWhen, cancel, cancelled)

			c, err := clusters.Up(upCtx, name, clusters.WithImage(image), clusters.WithKubeconfigPath(kubeconfig))
			if err == nil {
				_ = c.Delete(context.Background())
				t.Fatal("Up succeeded although it was cancelled")
			}
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("Up error %v, want context.Canceled", err)
			}
			at := <-cancelled
			t.Logf("Up returned %v after cancel: %v", time.Since(at).Round(time.Millisecond), err)
			if left := labelledContainers(t, name); len(left) > 0 {
				t.Errorf("containers left after cancelled Up: %v", left)
				_ = clusters.Down(context.Background(), name)
			}
			if b, err := os.ReadFile(kubeconfig); err == nil && strings.Contains(string(b), "kind-"+name) {
				t.Errorf("kubeconfig still has the cancelled cluster:\n%s", b)
			}
		})
	}
}

// watchAndCancel polls the cluster's labelled containers and calls cancel
// when cancelWhen says so, reporting the time on cancelled.
func watchAndCancel(ctx context.Context, cluster string, cancelWhen func(int, time.Duration) bool,
	cancel context.CancelFunc, cancelled chan<- time.Time) {
	var allSince time.Time
	for ctx.Err() == nil {
		out, err := exec.Command("docker", "ps", "-a", "--filter", "label="+kindClusterLabel+"="+cluster, "-q").Output()
		if err == nil {
			n := len(strings.Fields(string(out)))
			if n >= 4 && allSince.IsZero() {
				allSince = time.Now()
			}
			var allFor time.Duration
			if !allSince.IsZero() {
				allFor = time.Since(allSince)
			}
			if cancelWhen(n, allFor) {
				cancelled <- time.Now()
				cancel()
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	cancelled <- time.Now()
}
