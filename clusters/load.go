package clusters

import (
	"context"
	"fmt"
	"os"
	"time"

	"sigs.k8s.io/kind/pkg/cluster/nodeutils"

	"github.com/canarylab/canarylab/internal/logging"
)

// LoadImageArchive imports the image archive at archivePath (for example
// one written by ImageArchiveFromBinary, or by `docker save`) into the
// containerd of every node, the way `kind load image-archive` does. Pods
// then use the image with imagePullPolicy IfNotPresent or Never. ctx is
// checked between nodes (kind's import takes no context).
func (c *Cluster) LoadImageArchive(ctx context.Context, archivePath string) error {
	nodes, err := c.provider.ListInternalNodes(c.Name)
	if err != nil {
		return fmt.Errorf("load image archive %s: list nodes of %q: %w", archivePath, c.Name, err)
	}
	if len(nodes) == 0 {
		return fmt.Errorf("load image archive %s: cluster %q has no nodes", archivePath, c.Name)
	}
	log := logging.From(ctx)
	start := time.Now()
	for _, n := range nodes {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("load image archive %s: %w", archivePath, err)
		}
		if err := loadInto(n.String(), archivePath, func(f *os.File) error { return nodeutils.LoadImageArchive(n, f) }); err != nil {
			return err
		}
		log.Debug("loaded image archive", "node", n.String(), "archive", archivePath)
	}
	log.Info("loaded image archive into every node", "archive", archivePath, "nodes", len(nodes),
		"took", time.Since(start).Round(time.Millisecond))
	return nil
}

// loadInto opens archivePath and hands it to load for node.
func loadInto(node, archivePath string, load func(*os.File) error) error {
	f, err := os.Open(archivePath)
	if err != nil {
		return fmt.Errorf("load image archive: %w", err)
	}
	defer f.Close()
	if err := load(f); err != nil {
		return fmt.Errorf("load image archive %s into node %s: %w", archivePath, node, err)
	}
	return nil
}
