package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/canarylab/canarylab/clusters"
)

// Every case fails before any Docker call, so these run anywhere.
func TestClusterUsageErrors(t *testing.T) {
	dir := t.TempDir()
	twoCP := filepath.Join(dir, "two.yaml")
	err := os.WriteFile(twoCP, []byte("kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n- role: control-plane\n- role: control-plane\n"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"cluster", "up", "--image", "x:1", "--wait", "0s"}, "--wait"},
		{[]string{"cluster", "up", "--image", "x:1", "--wait", "soon"}, "invalid argument"},
		{[]string{"cluster", "up", "--image", "x:1", "--name", "Bad_Name"}, "invalid cluster name"},
		{[]string{"cluster", "up", "--image", "x:1", "--config", filepath.Join(dir, "missing.yaml")}, "no such file"},
		{[]string{"cluster", "up", "--image", "x:1", "--config", twoCP}, "2 control-plane nodes"},
		{[]string{"cluster", "up", "extra"}, "unexpected arguments"},
		{[]string{"cluster", "down", "--name", "-x"}, "invalid cluster name"},
		{[]string{"cluster", "list", "now"}, "unexpected arguments"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := Run(context.Background(), tt.args, Streams{In: strings.NewReader(""), Out: &out, Err: &errOut})
			if !errors.Is(err, ErrUsage) || ExitCode(err) != 2 || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v (exit %d), want a usage error containing %q", err, ExitCode(err), tt.want)
			}
		})
	}
}

// fakeRepo makes a directory tree with a node-image script printing tag.
func fakeRepo(t *testing.T, script string) (root, sub string) {
	t.Helper()
	root = t.TempDir()
	p := filepath.Join(root, nodeImageScript)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	sub = filepath.Join(root, "scenarios", "examples")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	return root, sub
}

func TestDefaultNodeImage(t *testing.T) {
	const printTag = "#!/bin/sh\n[ \"$1\" = --print-image ] && echo canarylab/node:v1.34.4-0123456789ab\n"
	present := func(context.Context, string) error { return nil }
	missing := func(_ context.Context, image string) error {
		return fmt.Errorf("%w: %s", clusters.ErrImageMissing, image)
	}
	broken := func(context.Context, string) error { return clusters.ErrNoDocker }
	_, sub := fakeRepo(t, printTag)
	_, failing := fakeRepo(t, "#!/bin/sh\necho 'go: not found' >&2\nexit 3\n")
	_, twoWords := fakeRepo(t, "#!/bin/sh\necho two words\n")
	tests := []struct {
		name, dir string
		present   func(context.Context, string) error
		want      string // the image, or a fragment of the error
		ok        bool
	}{
		{"found from a subdirectory", sub, present, "canarylab/node:v1.34.4-0123456789ab", true},
		{"image not built", sub, missing, "run `make node-image` or pass --image", false},
		{"docker broken", sub, broken, "check node image", false},
		{"no script", t.TempDir(), present, "not found", false},
		{"script fails", failing, present, "go: not found", false},
		{"script prints junk", twoWords, present, "want one image tag", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := defaultNodeImage(context.Background(), tt.dir, tt.present)
			switch {
			case tt.ok && (err != nil || got != tt.want):
				t.Errorf("= %q, %v; want %q", got, err, tt.want)
			case !tt.ok && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
}
