package loadgen

import (
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Arrivals replays vegeta's attack loop on a virtual clock: it asks the
// pacer how long to wait given the elapsed time and the hits so far, exactly
// as vegeta.Attacker.Attack does, but never sleeps. Offsets are measured from
// the start of the attack. Both backends use it: the simulator schedules
// requests at the offsets, and tests count them.
type Arrivals struct {
	pacer    vegeta.Pacer
	duration time.Duration
	elapsed  time.Duration
	hits     uint64
	done     bool
}

// NewArrivals returns the arrivals of an attack paced by p that lasts d
// (d <= 0: until the pacer stops).
func NewArrivals(p vegeta.Pacer, d time.Duration) *Arrivals {
	return &Arrivals{pacer: p, duration: d}
}

// Next returns the offset of the next request, or ok false when the attack
// is over. Vegeta checks the duration before pacing and its elapsed time is
// always a little past the previous hit; on an exact clock that means an
// attack stops once elapsed >= duration, so a hit due exactly at the end is
// the last one (constant 100/s for 10s gives 1000 hits, the last at 10s).
// Like vegeta, which sleeps and then sends without re-checking, the last hit
// may land up to one pacing interval after the duration.
func (a *Arrivals) Next() (offset time.Duration, ok bool) {
	if a.done {
		return 0, false
	}
	if a.duration > 0 && a.elapsed >= a.duration {
		a.done = true
		return 0, false
	}
	wait, stop := a.pacer.Pace(a.elapsed, a.hits)
	if stop {
		a.done = true
		return 0, false
	}
	if wait > 0 {
		a.elapsed += wait
	}
	a.hits++
	return a.elapsed, true
}

// Hits is the number of arrivals returned so far.
func (a *Arrivals) Hits() uint64 { return a.hits }
