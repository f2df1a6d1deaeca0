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

// ErrAbortIncomplete is returned (joined with ctx's error) when a cancelled
// creation could not be cleaned up completely.
var ErrAbortIncomplete = errors.New("partial cluster not fully deleted")

// kindProvider is the part of kind's *cluster.Provider that creation and
// its abort use (an interface so the abort logic is tested without Docker).
type kindProvider interface {
	Create(name string, options ...cluster.CreateOption) error
	Delete(name, explicitKubeconfigPath string) error
	ListNodes(name string) ([]nodes.Node, error)
}

// abortTiming says how often node containers are deleted while kind's
// Create still runs, how long no container must appear before a cleanup
// counts as done, and how long a cleanup may take in all.
type abortTiming struct {
	retry, quiet, budget time.Duration
}

var defaultAbortTiming = abortTiming{retry: time.Second, quiet: 5 * time.Second, budget: 3 * time.Minute}

// createCancellable runs kind's Create, which takes no context, so that
// cancelling ctx aborts it: the node containers are deleted (again every
// retry, in case an in-flight `docker run` adds one), which makes kind's
// next step fail; once Create has returned, the cluster is deleted a last
// time and the absence of labelled containers is checked.
//
// kind's Create returns at the first node that fails while other nodes'
// `docker run` may still be in flight, and only then deletes the cluster; so
// after a failed Create (unless retain) the cluster is swept until no
// container has appeared for at.quiet.
func createCancellable(ctx context.Context, p kindProvider, name, kubeconfigPath string, opts []cluster.CreateOption, retain bool, at abortTiming) error {
	done := make(chan error, 1)
	go func() { done <- p.Create(name, opts...) }()
	select {
	case err := <-done:
		if ctx.Err() == nil {
			if err == nil {
				return nil
			}
			err = fmt.Errorf("kind create: %w", err)
			if !retain {
				if serr := sweep(ctx, p, name, kubeconfigPath, at); serr != nil {
					err = errors.Join(err, serr)
				}
			}
			return err
		}
		// Create ended as ctx ended (a Ctrl-C also interrupts kind's docker
		// commands): a cancelled Up leaves no cluster, even with retain.
		close(done)
	case <-ctx.Done():
	}
	return abortCreate(ctx, p, name, kubeconfigPath, done, at)
}

// abortCreate deletes the cluster until Create (reporting on done) returns,
// then deletes it once more and checks that no node container is left.
func abortCreate(ctx context.Context, p kindProvider, name, kubeconfigPath string, done <-chan error, at abortTiming) error {
	log := logging.From(ctx).With("cluster", name)
	log.Warn("cluster creation cancelled; deleting the partial cluster", "cause", context.Cause(ctx))
	start := time.Now()
	budget := time.NewTimer(at.budget)
	defer budget.Stop()
	tick := time.NewTicker(at.retry)
	defer tick.Stop()
	for running := true; running; {
		if err := p.Delete(name, kubeconfigPath); err != nil {
			log.Debug("delete while kind create runs", "err", err.Error())
		}
		select {
		case err, ok := <-done:
			running = false
			if ok && err != nil {
				log.Debug("kind create ended", "err", err.Error())
			}
		case <-tick.C:
		case <-budget.C:
			return errors.Join(ctx.Err(), fmt.Errorf("%w: kind create still running after %v", ErrAbortIncomplete, at.budget))
		}
	}
	if err := sweep(ctx, p, name, kubeconfigPath, at); err != nil {
		return errors.Join(ctx.Err(), err)
	}
	log.Info("partial cluster deleted", "took", time.Since(start).Round(time.Millisecond))
	return fmt.Errorf("create cancelled, partial cluster deleted: %w", ctx.Err())
}

// sweep deletes the cluster, then keeps looking every at.retry and deletes
// again whenever a node container shows up, until none has been seen for
// at.quiet (or fails after at.budget).
func sweep(ctx context.Context, p kindProvider, name, kubeconfigPath string, at abortTiming) error {
	if err := p.Delete(name, kubeconfigPath); err != nil {
		return fmt.Errorf("%w: delete: %w", ErrAbortIncomplete, err)
	}
	budget := time.NewTimer(at.budget)
	defer budget.Stop()
	tick := time.NewTicker(at.retry)
	defer tick.Stop()
	quietSince := time.Now()
	for {
		left, err := p.ListNodes(name)
		if err != nil {
			return fmt.Errorf("%w: list nodes: %w", ErrAbortIncomplete, err)
		}
		if len(left) > 0 {
			logging.From(ctx).Debug("node containers appeared after delete; deleting again", "cluster", name, "nodes", len(left))
			if err := p.Delete(name, kubeconfigPath); err != nil {
				return fmt.Errorf("%w: delete: %w", ErrAbortIncomplete, err)
			}
			quietSince = time.Now()
		} else if time.Since(quietSince) >= at.quiet {
			return nil
		}
		select {
		case <-tick.C:
		case <-budget.C:
			return fmt.Errorf("%w: %d containers left after %v: %v", ErrAbortIncomplete, len(left), at.budget, left)
		}
	}
}
