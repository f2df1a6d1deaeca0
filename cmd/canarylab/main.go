// Command canarylab runs canary-release scenarios on the simulator or on real
// kind clusters and reports what the canary really did.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/canarylab/canarylab/cmd/canarylab/app"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := app.Run(ctx, os.Args[1:], app.Streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr})
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "canarylab:", err)
		os.Exit(app.ExitCode(err))
	}
}
