package sim

import "math/rand/v2"

// Random streams, one per concern, so that adding draws to one concern (say a
// node action) does not reshuffle another (say the load's backend choices).
const (
	streamRoute   = 0x726f757465 // data-plane backend choices
	streamServe   = 0x7365727665 // service times and application errors
	streamNetwork = 0x6e6574776b // endpoint propagation delays
)

// streams holds the seeded random sources.
type streams struct {
	route, serve, network *rand.Rand
}

// newStreams derives every stream from seed.
func newStreams(seed int64) streams {
	mk := func(id uint64) *rand.Rand { return rand.New(rand.NewPCG(uint64(seed), id)) }
	return streams{route: mk(streamRoute), serve: mk(streamServe), network: mk(streamNetwork)}
}
