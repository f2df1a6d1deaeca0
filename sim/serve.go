package sim

import (
	"slices"
	"time"
)

// work is one request being handled by a pod's process.
type work struct {
	p         *pod
	code      int
	doneAt    time.Duration
	remaining time.Duration // service time left while frozen
	frozen    bool
	cancelled bool
	token     int
	onDone    func(code int)
	onReset   func()
}

// serve hands a request to p's process: it answers after a log-normal
// service time with 200, or 500 at the version's error rate. On a dead node
// the request just hangs; on a frozen one it waits for the thaw.
func (b *Backend) serve(p *pod, onDone func(code int), onReset func()) *work {
	lat := LogNormal{P50: p.vb.Latency.P50.D(), P99: p.vb.Latency.P99.D()}
	if lat.P50 <= 0 {
		lat = b.cal.DefaultLatency
	}
	svc := lat.Sample(b.rng.serve)
	code := 200
	if p.vb.ErrorRate > 0 && b.rng.serve.Float64() < p.vb.ErrorRate {
		code = 500
	}
	w := &work{p: p, code: code, onDone: onDone, onReset: onReset}
	switch p.node.state {
	case nodeDown:
		w.cancelled = true
		return w
	case nodeFrozen:
		w.frozen, w.remaining = true, svc
	default:
		w.doneAt = b.clk.now + svc
		b.armWork(w)
	}
	p.inflight = append(p.inflight, w)
	return w
}

// armWork schedules w's completion at w.doneAt.
func (b *Backend) armWork(w *work) {
	w.token++
	tok := w.token
	b.clk.at(w.doneAt, func() {
		if w.cancelled || w.frozen || w.token != tok {
			return
		}
		b.dropWork(w)
		w.onDone(w.code)
		b.maybeExit(w.p)
	})
}

// cancelWork abandons w (the client gave up).
func (b *Backend) cancelWork(w *work) {
	if w.cancelled {
		return
	}
	w.cancelled = true
	b.dropWork(w)
	b.maybeExit(w.p)
}

func (b *Backend) dropWork(w *work) {
	w.p.inflight = slices.DeleteFunc(w.p.inflight, func(x *work) bool { return x == w })
}

// maybeExit ends a graceful shutdown once no request is in flight.
func (b *Backend) maybeExit(p *pod) {
	if p.shuttingDown && p.proc == procRunning && len(p.inflight) == 0 {
		b.kubelet(p.node, 0, func() {
			if p.shuttingDown && p.proc == procRunning && len(p.inflight) == 0 {
				b.exit(p)
			}
		})
	}
}

// freeze suspends p's in-flight requests; thaw resumes them.
func (b *Backend) freeze(p *pod) {
	for _, w := range p.inflight {
		if !w.frozen {
			w.frozen, w.remaining = true, max(0, w.doneAt-b.clk.now)
		}
	}
}

func (b *Backend) thaw(p *pod) {
	for _, w := range p.inflight {
		if w.frozen {
			w.frozen, w.doneAt = false, b.clk.now+w.remaining
			b.armWork(w)
		}
	}
}

// silence drops p's in-flight requests without a word (the node vanished):
// their clients wait for their timeouts.
func (b *Backend) silence(p *pod) {
	for _, w := range p.inflight {
		w.cancelled = true
	}
	p.inflight = nil
	p.proc, p.listening, p.shuttingDown = procExited, false, false
	p.epoch++
}
