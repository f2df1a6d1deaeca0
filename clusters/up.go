package clusters

import (
	"context"
	"errors"
	"fmt"
	"time"

	"sigs.k8s.io/kind/pkg/cluster"
	"sigs.k8s.io/kind/pkg/cluster/nodes"

	"github.com/canarylab/canarylab/internal/logging"
)

// Up creates the kind cluster name and waits until it is ready: every node
// Ready, CoreDNS Ready and kube-proxy running on every node. If a cluster of
// that name already exists with the requested number of nodes and the same
// node image, Up reuses it once it passes the same readiness check; else it
// returns ErrMismatch.
//
// Cancelling ctx while Up creates the cluster deletes the partial cluster and
// waits until no container with its label is left; Up then returns ctx's
// error. A creation that fails for any other reason is deleted too, unless
// WithRetain(true) was given.
func Up(ctx context.Context, name string, opts ...Option) (*Cluster, error) {
	if err := ValidateName(name); err != nil {
		return nil, err
	}
	o, err := buildOptions(opts)
	if err != nil {
		return nil, fmt.Errorf("up cluster %q: %w", name, err)
	}
	log := logging.From(ctx).With("cluster", name)
	if err := DockerAvailable(ctx); err != nil {
		return nil, fmt.Errorf("up cluster %q: %w", name, err)
	}
	p := newProvider(ctx)
	existing, err := p.ListNodes(name)
	if err != nil {
		return nil, fmt.Errorf("up cluster %q: list nodes: %w", name, err)
	}
	if len(existing) > 0 {
		return reuse(ctx, p, name, o, existing)
	}
	if err := RequireLocalImage(ctx, o.image); err != nil {
		return nil, fmt.Errorf("up cluster %q: %w", name, err)
	}

	log.Info("creating cluster", "image", o.image, "nodes", o.config.Nodes(), "zones", o.config.Zones())
	start := time.Now()
	createOpts := []cluster.CreateOption{
		cluster.CreateWithV1Alpha4Config(o.config.withImage(o.image)),
		cluster.CreateWithKubeconfigPath(o.kubeconfigPath),
		cluster.CreateWithRetain(o.retain),
	}
	if err := createCancellable(ctx, p, name, o.kubeconfigPath, createOpts, o.retain, defaultAbortTiming); err != nil {
		return nil, fmt.Errorf("up cluster %q: %w", name, err)
	}
	created := time.Now()
	log.Info("cluster created", "took", created.Sub(start).Round(time.Millisecond))

	c, err := attach(p, name, o)
	if err == nil {
		c.CreateTime = created.Sub(start)
		c.Readiness, err = waitReady(ctx, c.client, o.config.Nodes(), o.wait)
	}
	if err != nil {
		if ctx.Err() != nil || !o.retain {
			if derr := down(context.WithoutCancel(ctx), p, name, o.kubeconfigPath); derr != nil {
				err = errors.Join(err, derr)
			}
		}
		return nil, fmt.Errorf("up cluster %q: %w", name, err)
	}
	c.ReadyTime = time.Since(created)
	log.Info("cluster ready", "create", c.CreateTime.Round(time.Millisecond),
		"ready", c.ReadyTime.Round(time.Millisecond), "total", time.Since(start).Round(time.Millisecond))
	return c, nil
}

// reuse attaches to an existing cluster whose node containers are existing,
// after checking that their number and image match the request.
func reuse(ctx context.Context, p *cluster.Provider, name string, o *upOptions, existing []nodes.Node) (*Cluster, error) {
	n := len(existing)
	if want := o.config.Nodes(); n != want {
		return nil, fmt.Errorf("%w: cluster %q has %d node containers, the config wants %d; delete it first (canarylab cluster down --name %s)",
			ErrMismatch, name, n, want, name)
	}
	for _, node := range existing {
		image, err := docker(ctx, "inspect", "--format", "{{.Config.Image}}", node.String())
		if err != nil {
			return nil, fmt.Errorf("reuse cluster %q: %w", name, err)
		}
		if image != o.image {
			return nil, fmt.Errorf("%w: cluster %q node %s runs image %s, not %s; delete it first (canarylab cluster down --name %s)",
				ErrMismatch, name, node, image, o.image, name)
		}
	}
	logging.From(ctx).Info("reusing existing cluster", "cluster", name, "nodes", n)
	if err := p.ExportKubeConfig(name, o.kubeconfigPath, false); err != nil {
		return nil, fmt.Errorf("reuse cluster %q: export kubeconfig: %w", name, err)
	}
	c, err := attach(p, name, o)
	if err != nil {
		return nil, fmt.Errorf("reuse cluster %q: %w", name, err)
	}
	start := time.Now()
	if c.Readiness, err = waitReady(ctx, c.client, n, o.wait); err != nil {
		return nil, fmt.Errorf("reuse cluster %q: %w", name, err)
	}
	c.Reused, c.ReadyTime = true, time.Since(start)
	return c, nil
}

// Down deletes the cluster name (its node containers and its entry in the
// default kubeconfig) and checks that no container with its label is left.
// Deleting a cluster that does not exist is not an error.
func Down(ctx context.Context, name string) error {
	if err := ValidateName(name); err != nil {
		return err
	}
	return down(ctx, newProvider(ctx), name, "")
}

func down(ctx context.Context, p *cluster.Provider, name, kubeconfigPath string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("delete cluster %q: %w", name, err)
	}
	start := time.Now()
	if err := p.Delete(name, kubeconfigPath); err != nil {
		return fmt.Errorf("delete cluster %q: %w", name, err)
	}
	left, err := p.ListNodes(name)
	if err != nil {
		return fmt.Errorf("delete cluster %q: list nodes: %w", name, err)
	}
	if len(left) > 0 {
		return fmt.Errorf("delete cluster %q: %d node containers left: %v", name, len(left), left)
	}
	logging.From(ctx).Info("cluster deleted", "cluster", name, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// List returns the names of the kind clusters on this machine, sorted.
func List(ctx context.Context) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("list clusters: %w", err)
	}
	names, err := newProvider(ctx).List()
	if err != nil {
		return nil, fmt.Errorf("list clusters: %w", err)
	}
	return names, nil
}
