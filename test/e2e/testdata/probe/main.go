// Command probe is the end-to-end tests' workload: "probe serve" answers
// HTTP with the name of the pod and node it runs on, "probe get URL" fetches
// a URL (retrying while the network converges) and prints the answer. It is
// built static (CGO_ENABLED=0) and packed into an image with
// clusters.ImageArchiveFromBinary, because the nodes cannot pull images.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "probe:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		return errors.New("usage: probe serve [-addr :8080] | probe get [-tries N] [-interval D] URL")
	}
	switch args[0] {
	case "serve":
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		addr := fs.String("addr", ":8080", "listen address")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		return serve(*addr)
	case "get":
		fs := flag.NewFlagSet("get", flag.ContinueOnError)
		tries := fs.Int("tries", 30, "attempts before giving up")
		interval := fs.Duration("interval", time.Second, "pause between attempts")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return errors.New("get: want exactly one URL")
		}
		return get(fs.Arg(0), *tries, *interval)
	default:
		return fmt.Errorf("unknown mode %q", args[0])
	}
}

// serve answers every request with "pod=<POD_NAME> node=<NODE_NAME>" until
// SIGTERM.
func serve(addr string) error {
	body := fmt.Sprintf("pod=%s node=%s\n", os.Getenv("POD_NAME"), os.Getenv("NODE_NAME"))
	srv := &http.Server{
		Addr:              addr,
		ReadHeaderTimeout: 5 * time.Second,
		Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			_, _ = io.WriteString(w, body)
		}),
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve %s: %w", addr, err)
	}
	return nil
}

// get fetches url until it answers 200 or tries run out, and prints the
// body on standard output.
func get(url string, tries int, interval time.Duration) error {
	client := &http.Client{Timeout: 5 * time.Second}
	var last error
	for i := range tries {
		if i > 0 {
			time.Sleep(interval)
		}
		resp, err := client.Get(url)
		if err != nil {
			last = err
			continue
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			last = fmt.Errorf("read body: %w", err)
			continue
		}
		if resp.StatusCode != http.StatusOK {
			last = fmt.Errorf("status %s", resp.Status)
			continue
		}
		fmt.Printf("%s", body)
		return nil
	}
	return fmt.Errorf("get %s: %d tries: %w", url, tries, last)
}
