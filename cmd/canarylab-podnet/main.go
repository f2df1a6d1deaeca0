// Command canarylab-podnet is the pod network agent of canarylab's offline
// kind node image; see package clusters/podnet. It runs as a DaemonSet on
// every node's host network and is configured by environment variables.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"k8s.io/client-go/kubernetes"

	"github.com/canarylab/canarylab/clusters/podnet"
)

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(log); err != nil {
		log.Error("canarylab-podnet failed", "err", err)
		os.Exit(1)
	}
}

func run(log *slog.Logger) error {
	cfg, err := podnet.ConfigFromEnv(os.Getenv)
	if err != nil {
		return err
	}
	rc, err := podnet.RESTConfig(cfg.ControlPlaneEndpoint)
	if err != nil {
		return fmt.Errorf("client config: %w", err)
	}
	client, err := kubernetes.NewForConfig(rc)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	return podnet.Run(ctx, cfg, client, log)
}
