package scenarios

import (
	"time"

	"github.com/canarylab/canarylab/loadgen"
	"github.com/canarylab/canarylab/rollout"
)

// Scenario defaults that Default fills in.
const (
	DefaultTrials                        = 1
	DefaultSeed                          = 1
	DefaultNodeName                      = "worker"
	DefaultTerminationGracePeriodSeconds = 30
	DefaultClients                       = 1
)

// Default fills in every field left out that has a default: trials 1,
// seed 1, node name "worker" and count 1, terminationGracePeriodSeconds 30
// and shutdown graceful for both versions, and the load's pacer constant,
// workers 10, timeout 30s, keepAlive true, clients 1. Load calls it after
// validation; it is idempotent.
func (s *Scenario) Default() {
	sp := &s.Spec
	if sp.Trials == 0 {
		sp.Trials = DefaultTrials
	}
	if sp.Seed == 0 {
		sp.Seed = DefaultSeed
	}
	for i := range sp.Cluster.Workers {
		g := &sp.Cluster.Workers[i]
		if g.Name == "" {
			g.Name = DefaultNodeName
		}
		if g.Count == 0 {
			g.Count = 1
		}
	}
	for _, b := range []*VersionBehavior{&sp.Workload.Stable, &sp.Workload.Canary} {
		if b.TerminationGracePeriodSeconds == nil {
			t := int64(DefaultTerminationGracePeriodSeconds)
			b.TerminationGracePeriodSeconds = &t
		}
		if b.Shutdown == "" {
			b.Shutdown = ShutdownGraceful
		}
	}
	l := &sp.Load
	if l.Pacer.Type == "" {
		l.Pacer.Type = loadgen.PacerConstant
	}
	if l.Workers == 0 {
		l.Workers = loadgen.DefaultWorkers
	}
	if l.Timeout == 0 {
		l.Timeout = rollout.Duration(loadgen.DefaultTimeoutSec * time.Second)
	}
	if l.KeepAlive == nil {
		t := true
		l.KeepAlive = &t
	}
	if l.Clients == 0 {
		l.Clients = DefaultClients
	}
}
