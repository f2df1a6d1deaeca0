package sim

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/canarylab/canarylab/loadgen"
	"github.com/canarylab/canarylab/rollout"
	"github.com/canarylab/canarylab/scenarios"
)

// Errors callers can test with errors.Is.
var (
	// ErrNotStarted is returned by methods called before Start.
	ErrNotStarted = errors.New("simulation not started")
	// ErrUnknownNode is returned for a chaos event naming no node.
	ErrUnknownNode = errors.New("unknown node")
	// ErrNotNodeAction is returned by Chaos for rollout commands (abort,
	// promote, ...), which the runner handles itself.
	ErrNotNodeAction = errors.New("not a node action")
)

// Backend is the simulator; it implements scenarios.Backend.
type Backend struct {
	base     Calibration
	cal      Calibration
	started  bool
	sc       *scenarios.Scenario
	clk      clock
	rng      streams
	nodes    []*node
	pods     []*pod
	stable   *replicaSet
	canary   *replicaSet
	pdb      *scenarios.PDB
	topology *scenarios.Topology
	router   router
	load     loadState
	drains   []*drain
	records  []loadgen.Record
	events   []scenarios.Event
}

var _ scenarios.Backend = (*Backend)(nil)

// Option configures a Backend.
type Option interface{ apply(*Backend) }

type optionFunc func(*Backend)

func (f optionFunc) apply(b *Backend) { f(b) }

// WithCalibration replaces the default calibration (a scenario's spec.sim
// still overrides the fields it sets).
func WithCalibration(c Calibration) Option {
	return optionFunc(func(b *Backend) { b.base = c })
}

// New returns a simulator with DefaultCalibration unless an option says
// otherwise.
func New(opts ...Option) *Backend {
	b := &Backend{base: DefaultCalibration()}
	for _, o := range opts {
		o.apply(b)
	}
	return b
}

// Name implements scenarios.Backend.
func (b *Backend) Name() string { return "sim" }

// Now implements scenarios.Backend: the virtual clock.
func (b *Backend) Now() time.Time { return Epoch.Add(b.clk.now) }

// Calibration returns the calibration in use (after spec.sim overrides once
// Start has run).
func (b *Backend) Calibration() Calibration {
	if b.started {
		return b.cal
	}
	return b.base
}

// Advance implements scenarios.Backend: it processes every event due up to
// until and leaves the clock there.
func (b *Backend) Advance(ctx context.Context, until time.Time) error {
	if !b.started {
		return fmt.Errorf("advance to %v: %w", until, ErrNotStarted)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("advance to %v: %w", until, err)
	}
	t := until.Sub(Epoch)
	if t < b.clk.now {
		return fmt.Errorf("advance to %v: before the current time %v", until, b.Now())
	}
	b.clk.runUntil(t, nil)
	return nil
}

// Observe implements scenarios.Backend.
func (b *Backend) Observe(ctx context.Context) (rollout.Observed, error) {
	if !b.started {
		return rollout.Observed{}, fmt.Errorf("observe: %w", ErrNotStarted)
	}
	return rollout.Observed{
		Stable:      b.rsStatus(b.stable),
		Canary:      b.rsStatus(b.canary),
		Weight:      b.router.weight,
		CanaryRoute: b.router.route,
		Metrics:     loadgen.RecordMetrics(b.records),
	}, nil
}

func (b *Backend) rsStatus(rs *replicaSet) rollout.ReplicaSetStatus {
	var ready int32
	for _, p := range b.pods {
		if p.version == rs.version && p.healthy() {
			ready++
		}
	}
	return rollout.ReplicaSetStatus{Desired: rs.desired, Ready: ready, Available: ready}
}

// Apply implements scenarios.Backend: it scales the ReplicaSets and sets the
// router weight (the data plane follows after the router's sync delay).
func (b *Backend) Apply(ctx context.Context, d rollout.Desired) error {
	if !b.started {
		return fmt.Errorf("apply %+v: %w", d, ErrNotStarted)
	}
	if d.StableReplicas < 0 || d.CanaryReplicas < 0 {
		return fmt.Errorf("apply %+v: negative replica count", d)
	}
	b.scale(b.stable, d.StableReplicas)
	b.scale(b.canary, d.CanaryReplicas)
	b.setWeight(d.Weight, d.CanaryRoute)
	return nil
}

// Close implements scenarios.Backend; the simulator holds nothing outside
// memory.
func (b *Backend) Close(ctx context.Context) error { return nil }

// emit records a backend event at the current time.
func (b *Backend) emit(ev scenarios.Event) {
	ev.At = b.Now()
	b.events = append(b.events, ev)
}
