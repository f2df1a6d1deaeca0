package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/canarylab/canarylab/clusters"
	"github.com/canarylab/canarylab/internal/logging"
)

// kindClusterLabel is the label kind puts on every node container.
const kindClusterLabel = "io.x-k8s.kind.cluster"

// requireEnv skips t unless the end-to-end tests can run here, and returns
// the node image to use.
func requireEnv(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("e2e: skipped with -short (needs Docker and the node image, takes minutes)")
	}
	if os.Getenv("CANARYLAB_E2E") == "0" {
		t.Skip("e2e: skipped because CANARYLAB_E2E=0")
	}
	// CANARYLAB_E2E=1 (set by .ci/run) makes a missing prerequisite a
	// failure, so CI cannot pass without running these tests.
	skip := t.Skipf
	if os.Getenv("CANARYLAB_E2E") == "1" {
		skip = t.Fatalf
	}
	ctx := context.Background()
	if err := clusters.DockerAvailable(ctx); err != nil {
		skip("e2e: Docker does not answer (%v); run `make docker-setup`", err)
	}
	image := os.Getenv("CANARYLAB_NODE_IMAGE")
	if image == "" {
		out, err := exec.CommandContext(ctx, "../../hack/node-image/build.sh", "--print-image").Output()
		if err != nil {
			skip("e2e: hack/node-image/build.sh --print-image failed (%v); set CANARYLAB_NODE_IMAGE", err)
		}
		image = strings.TrimSpace(string(out))
	}
	if err := clusters.RequireLocalImage(ctx, image); err != nil {
		skip("e2e: node image %s is not in Docker (%v); run `make node-image`", image, err)
	}
	return image
}

// testContext returns a context carrying a logger that writes to the test
// output, cancelled when the test ends.
func testContext(t *testing.T) context.Context {
	l := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelInfo}))
	return logging.Into(t.Context(), l)
}

// labelledContainers lists (with the docker CLI, independently of kind's
// library) the containers, running or not, labelled as nodes of cluster.
func labelledContainers(t *testing.T, cluster string) []string {
	t.Helper()
	out, err := exec.Command("docker", "ps", "-a", "--filter", "label="+kindClusterLabel+"="+cluster,
		"--format", "{{.Names}}").Output()
	if err != nil {
		t.Fatalf("docker ps: %v", err)
	}
	return strings.Fields(string(out))
}

// ensureGone deletes a leftover cluster from an interrupted earlier run.
func ensureGone(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if len(labelledContainers(t, name)) == 0 {
		return
	}
	t.Logf("deleting leftover cluster %s", name)
	if err := clusters.Down(ctx, name); err != nil {
		t.Fatal(err)
	}
}

// buildProbeImage compiles testdata/probe statically, packs it with
// ImageArchiveFromBinary and returns the archive path and image reference
// (tagged with the binary's digest).
func buildProbeImage(t *testing.T) (archive, ref string) {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "probe")
	cmd := exec.Command("go", "build", "-trimpath", "-o", bin, "./testdata/probe")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("build probe: %v\n%s", err, stderr.String())
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	ref = "canarylab/e2e-probe:" + hex.EncodeToString(sum[:6])
	archive = filepath.Join(dir, "probe.tar")
	f, err := os.Create(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := clusters.ImageArchiveFromBinary(bin, ref, f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("probe image %s built in %v", ref, time.Since(start).Round(time.Millisecond))
	return archive, ref
}
