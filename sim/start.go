package sim

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/canarylab/canarylab/internal/logging"
	"github.com/canarylab/canarylab/loadgen"
	"github.com/canarylab/canarylab/rollout"
	"github.com/canarylab/canarylab/scenarios"
)

// Start implements scenarios.Backend: it builds the nodes, creates the stable
// pods, runs the clock until they are ready and in the data plane (at most
// Calibration.StartTimeout), then starts the load and returns its start.
func (b *Backend) Start(ctx context.Context, sc *scenarios.Scenario, seed int64) (time.Time, error) {
	if b.started {
		return time.Time{}, fmt.Errorf("start scenario %q: already started", sc.Metadata.Name)
	}
	if err := b.setup(sc, seed); err != nil {
		return time.Time{}, fmt.Errorf("start scenario %q: %w", sc.Metadata.Name, err)
	}
	b.started = true
	b.scale(b.stable, sc.Spec.Workload.Replicas)
	want := int(sc.Spec.Workload.Replicas)
	b.clk.runUntil(b.cal.StartTimeout, func() bool { return b.stableInDataPlane() >= want })
	if got := b.stableInDataPlane(); got < want {
		logging.From(ctx).Warn("starting the load before every stable pod is ready",
			slog.Int("ready", got), slog.Int("replicas", want), slog.Duration("waited", b.clk.now))
	}
	b.load.start = b.clk.now
	b.nextArrival()
	return b.Now(), nil
}

// setup validates the scenario and builds the world at Epoch.
func (b *Backend) setup(sc *scenarios.Scenario, seed int64) error {
	cal, err := b.base.withOverrides(sc.Spec.Sim)
	if err != nil {
		return err
	}
	b.cal, b.sc, b.rng = cal, sc, newStreams(seed)
	for i, ni := range sc.Spec.Cluster.Nodes() {
		b.nodes = append(b.nodes, &node{idx: i, name: ni.Name, zone: ni.Zone, maxPods: ni.MaxPods, apiReady: true})
	}
	if len(b.nodes) == 0 {
		return fmt.Errorf("cluster has no worker nodes")
	}
	w := &sc.Spec.Workload
	for _, vb := range []*scenarios.VersionBehavior{&w.Stable, &w.Canary} {
		if vb.Latency.P99 != 0 && vb.Latency.P99 < vb.Latency.P50 {
			return fmt.Errorf("workload latency p99 %v below p50 %v", vb.Latency.P99, vb.Latency.P50)
		}
		if vb.ErrorRate < 0 || vb.ErrorRate > 1 {
			return fmt.Errorf("workload errorRate %v outside [0,1]", vb.ErrorRate)
		}
	}
	b.stable = &replicaSet{version: rollout.VersionStable, vb: &w.Stable}
	b.canary = &replicaSet{version: rollout.VersionCanary, vb: &w.Canary}
	b.pdb, b.topology = sc.Spec.PDB, sc.Spec.Topology
	if err := b.setupRouter(sc); err != nil {
		return err
	}
	return b.setupLoad(sc.Spec.Load, w.MaxRequestsPerConnection)
}

// setupLoad prepares the virtual vegeta client.
func (b *Backend) setupLoad(l loadgen.Spec, maxReqPerConn int) error {
	p, err := loadgen.NewPacer(l.Pacer)
	if err != nil {
		return fmt.Errorf("load pacer: %w", err)
	}
	if l.Duration.D() <= 0 {
		return fmt.Errorf("load duration must be positive")
	}
	ld := &b.load
	ld.arrivals = loadgen.NewArrivals(p, l.Duration.D())
	ld.keepAlive = l.KeepAlive == nil || *l.KeepAlive
	ld.maxConns = l.Connections
	if ld.maxConns <= 0 {
		ld.maxConns = loadgen.DefaultConnections
	}
	ld.timeout = l.Timeout.D()
	if ld.timeout <= 0 {
		ld.timeout = loadgen.DefaultTimeoutSec * time.Second
	}
	ld.maxReqPerConn = maxReqPerConn
	ld.sessionRequests = l.SessionRequests
	if ld.sessionRequests > 0 {
		return nil // clients come and go, see clientFor
	}
	for i := range max(l.Clients, 1) {
		ld.clients = append(ld.clients, &client{id: i})
	}
	return nil
}

// stableInDataPlane counts stable pods the data plane uses as ready.
func (b *Backend) stableInDataPlane() int {
	n := 0
	for _, p := range b.pods {
		if p.version == rollout.VersionStable && p.dp == dpReady && p.healthy() {
			n++
		}
	}
	return n
}

// Finish implements scenarios.Backend: it stops the arrivals, runs the clock
// until every request in flight has ended (at most one client timeout) and
// returns the trace.
func (b *Backend) Finish(ctx context.Context) (*scenarios.Trace, error) {
	if !b.started {
		return nil, fmt.Errorf("finish: %w", ErrNotStarted)
	}
	b.load.stopped = true
	if b.load.open > 0 {
		limit := b.clk.now + b.load.timeout + time.Second
		b.clk.runUntil(limit, func() bool { return b.load.open == 0 })
	}
	recs := slices.Clone(b.records)
	slices.SortFunc(recs, func(x, y loadgen.Record) int { return cmpU64(x.Seq, y.Seq) })
	evs := slices.Clone(b.events)
	slices.SortStableFunc(evs, func(x, y scenarios.Event) int { return x.At.Compare(y.At) })
	return &scenarios.Trace{
		Backend:   b.Name(),
		DataPlane: b.router.describe(),
		Start:     Epoch.Add(b.load.start),
		End:       b.Now(),
		Records:   recs,
		Events:    evs,
	}, nil
}

func cmpU64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
