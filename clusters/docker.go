package clusters

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// ErrImageMissing is returned when a node image is not in the local Docker
// engine.
var ErrImageMissing = errors.New("image not present locally")

// ErrNoDocker is returned when the Docker engine does not answer.
var ErrNoDocker = errors.New("docker engine not answering")

// kind's library has no public call for these two checks, so they run the
// docker CLI the way kind itself does.

// DockerAvailable returns nil when `docker info` answers.
func DockerAvailable(ctx context.Context) error {
	if _, err := docker(ctx, "info", "--format", "{{.ServerVersion}}"); err != nil {
		return fmt.Errorf("%w: %w", ErrNoDocker, err)
	}
	return nil
}

// RequireLocalImage returns nil when image is present in the local Docker
// engine, an error wrapping ErrImageMissing when it is not, and another
// error when Docker cannot tell.
func RequireLocalImage(ctx context.Context, image string) error {
	_, err := docker(ctx, "image", "inspect", "--format", "{{.Id}}", image)
	if err != nil && strings.Contains(strings.ToLower(err.Error()), "no such image") {
		return fmt.Errorf("%w: %s", ErrImageMissing, image)
	}
	if err != nil {
		return fmt.Errorf("inspect image %s: %w", image, err)
	}
	return nil
}

// docker runs the docker CLI and returns its standard output; a failure's
// error carries the standard error.
func docker(ctx context.Context, args ...string) (string, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "docker", args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("docker %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(stdout.String()), nil
}
