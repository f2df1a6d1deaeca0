package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/canarylab/canarylab/clusters"
)

// nodeImageScript prints the offline node image's tag with --print-image.
const nodeImageScript = "hack/node-image/build.sh"

func newClusterCommand(s Streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cluster",
		Short: "Create, delete and list kind clusters (kind's Go library; no kind binary needed)",
		Args:  cobra.ArbitraryArgs,
		RunE:  groupRunE,
	}
	cmd.AddCommand(newClusterUpCommand(s), newClusterDownCommand(s), newClusterListCommand(s))
	return cmd
}

// noArgs rejects positional arguments as a usage error.
func noArgs(_ *cobra.Command, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%w: unexpected arguments %q", ErrUsage, args)
	}
	return nil
}

type clusterUpFlags struct {
	name, image, config, kubeconfig string
	wait                            time.Duration
	retain                          bool
}

func newClusterUpCommand(s Streams) *cobra.Command {
	f := &clusterUpFlags{}
	cmd := &cobra.Command{
		Use:   "up",
		Short: "Create a kind cluster (1 control plane + 3 workers in two zones by default) or reuse a healthy one",
		Long: `Create a kind cluster with kind's Go library and wait until every node is Ready,
CoreDNS is Ready and kube-proxy runs on every node. A healthy cluster of the
same name is reused. Ctrl-C deletes a partially created cluster.

The node image defaults to the offline image named by
` + nodeImageScript + ` --print-image (build it with make node-image).`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runClusterUp(cmd.Context(), s, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.name, "name", clusters.DefaultName, "cluster name")
	fl.StringVar(&f.image, "image", "", "node image (default: the offline image from "+nodeImageScript+" --print-image)")
	fl.StringVar(&f.config, "config", "", "kind v1alpha4 Cluster config file (default: the embedded 1+3 node topology)")
	fl.DurationVar(&f.wait, "wait", clusters.DefaultWait, "how long to wait for the cluster to be ready")
	fl.StringVar(&f.kubeconfig, "kubeconfig", "", "write the kubeconfig here (default $KUBECONFIG or ~/.kube/config)")
	fl.BoolVar(&f.retain, "retain", false, "keep the nodes of a failed creation for debugging")
	return cmd
}

func runClusterUp(ctx context.Context, s Streams, f *clusterUpFlags) error {
	if err := clusters.ValidateName(f.name); err != nil {
		return fmt.Errorf("%w: --name: %w", ErrUsage, err)
	}
	if f.wait <= 0 {
		return fmt.Errorf("%w: --wait %v: must be positive", ErrUsage, f.wait)
	}
	cfg := clusters.DefaultConfig()
	if f.config != "" {
		var err error
		if cfg, err = clusters.ReadConfigFile(f.config); err != nil {
			return fmt.Errorf("%w: --config: %w", ErrUsage, err)
		}
	}
	image := f.image
	if image == "" {
		var err error
		if image, err = defaultNodeImage(ctx, ".", clusters.RequireLocalImage); err != nil {
			return err
		}
	}
	c, err := clusters.Up(ctx, f.name,
		clusters.WithImage(image), clusters.WithConfig(cfg), clusters.WithWait(f.wait),
		clusters.WithKubeconfigPath(f.kubeconfig), clusters.WithRetain(f.retain))
	if err != nil {
		return err
	}
	how := fmt.Sprintf("created in %v, ready %v later", c.CreateTime.Round(time.Second), c.ReadyTime.Round(time.Second))
	if c.Reused {
		how = fmt.Sprintf("reused, ready after %v", c.ReadyTime.Round(time.Second))
	}
	_, err = fmt.Fprintf(s.Out, "cluster %s: %d nodes (zones %s), image %s, %s; kubectl --context kind-%s\n",
		c.Name, c.Config.Nodes(), strings.Join(c.Config.Zones(), ","), c.Image, how, c.Name)
	return err
}

// defaultNodeImage asks the node-image script, found in dir or a parent, for
// the offline image's tag, and checks that the image has been built.
func defaultNodeImage(ctx context.Context, dir string, present func(context.Context, string) error) (string, error) {
	script, err := findUp(dir, nodeImageScript)
	if err != nil {
		return "", fmt.Errorf("no --image given and %s not found from %s (run in the canarylab repository or pass --image): %w",
			nodeImageScript, dir, err)
	}
	var out, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, script, "--print-image")
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("ask %s --print-image for the node image: %w: %s", script, err, strings.TrimSpace(stderr.String()))
	}
	image := strings.TrimSpace(out.String())
	if image == "" || strings.ContainsAny(image, " \n\t") {
		return "", fmt.Errorf("%s --print-image printed %q, want one image tag", script, image)
	}
	if err := present(ctx, image); err != nil {
		if errors.Is(err, clusters.ErrImageMissing) {
			return "", fmt.Errorf("node image %s is not built: run `make node-image` or pass --image "+
				"(where registries are reachable, kind's published kindest/node image works): %w", image, err)
		}
		return "", fmt.Errorf("check node image %s: %w", image, err)
	}
	return image, nil
}

// findUp returns the path of rel in dir or its nearest parent that has it.
func findUp(dir, rel string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("resolve %s: %w", dir, err)
	}
	for {
		p := filepath.Join(abs, rel)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return "", fmt.Errorf("%s: %w", rel, os.ErrNotExist)
		}
		abs = parent
	}
}

func newClusterDownCommand(s Streams) *cobra.Command {
	var name string
	cmd := &cobra.Command{
		Use:   "down",
		Short: "Delete a kind cluster and check that none of its containers is left",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := clusters.ValidateName(name); err != nil {
				return fmt.Errorf("%w: --name: %w", ErrUsage, err)
			}
			names, err := clusters.List(cmd.Context())
			if err != nil {
				return err
			}
			if !slices.Contains(names, name) {
				_, err := fmt.Fprintf(s.Out, "no cluster named %s; nothing to delete\n", name)
				return err
			}
			if err := clusters.Down(cmd.Context(), name); err != nil {
				return err
			}
			_, err = fmt.Fprintf(s.Out, "cluster %s deleted\n", name)
			return err
		},
	}
	cmd.Flags().StringVar(&name, "name", clusters.DefaultName, "cluster name")
	return cmd
}

func newClusterListCommand(s Streams) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the kind clusters on this machine",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			names, err := clusters.List(cmd.Context())
			if err != nil {
				return err
			}
			for _, n := range names {
				if _, err := fmt.Fprintln(s.Out, n); err != nil {
					return fmt.Errorf("write cluster list: %w", err)
				}
			}
			return nil
		},
	}
}
