package sim

import (
	"slices"
	"time"

	"github.com/canarylab/canarylab/loadgen"
)

// loadState is the virtual vegeta attacker and its HTTP transport. Vegeta
// adds workers whenever all are busy (its default max is unbounded), so a
// request never waits for a worker; it may wait for a connection.
type loadState struct {
	arrivals      *loadgen.Arrivals
	start         time.Duration
	stopped       bool
	seq           uint64
	connSeq       uint64
	clients       []*client
	keepAlive     bool
	maxConns      int
	timeout       time.Duration
	maxReqPerConn int
	// sessionRequests > 0: each client sends that many requests and leaves.
	sessionRequests int
	open            int // requests not finished
}

// client is one client identity (source IP / cookie jar) with its own
// connection pool, like one http.Transport.
type client struct {
	id      int
	idle    []*conn // most recently idled last
	open    int
	waiters []*request
	// affinity is the pod the client sticks to (ClientIP or cookie).
	affinity *pod
	// left is set once a session client sent its last request: its
	// connections close as they fall idle.
	left bool
}

// conn is one client TCP connection: to a pod (kube-proxy) or to the proxy.
type conn struct {
	id     uint64
	client *client
	pod    *pod // nil for a connection to an L7 proxy
	busy   bool
	reqs   int
	closed bool
}

// request is one request of the attack.
type request struct {
	seq      uint64
	client   *client
	start    time.Duration
	conn     *conn
	reused   bool
	retried  bool // the transport's silent retry was used
	byRouter bool // the L7 router, not a pod, made the response
	pod      *pod // the pod reached (or tried last)
	work     *work
	attempts int
	tried    []*pod
	done     bool
}

// nextArrival schedules the next request of the attack.
func (b *Backend) nextArrival() {
	ld := &b.load
	off, ok := ld.arrivals.Next()
	if !ok {
		return
	}
	b.clk.at(ld.start+off, func() {
		if ld.stopped {
			return
		}
		b.arrive()
		b.nextArrival()
	})
}

// arrive starts one request: it takes a connection and arms the timeout.
func (b *Backend) arrive() {
	ld := &b.load
	ld.seq++
	ld.open++
	req := &request{seq: ld.seq, client: b.clientFor(ld.seq), start: b.clk.now}
	b.clk.atFIFO(b.clk.now+ld.timeout, func() { b.timeout(req) })
	b.acquire(req)
}

// clientFor returns the client identity of request seq: round-robin over
// Clients, or, with SessionRequests, client (seq-1)/SessionRequests, which
// leaves after its last request.
func (b *Backend) clientFor(seq uint64) *client {
	ld := &b.load
	if ld.sessionRequests <= 0 {
		return ld.clients[int((seq-1)%uint64(len(ld.clients)))]
	}
	id := int((seq - 1) / uint64(ld.sessionRequests))
	if len(ld.clients) == 0 || ld.clients[0].id != id {
		if len(ld.clients) > 0 {
			old := ld.clients[0]
			old.left = true
			for _, cn := range old.idle {
				b.closeConn(cn)
			}
			old.idle = nil
		}
		ld.clients = []*client{{id: id}}
	}
	return ld.clients[0]
}

// acquire gets req a connection as http.Transport does: the most recently
// idled one, else a new dial while under the connection limit, else a wait.
func (b *Backend) acquire(req *request) {
	c := req.client
	for len(c.idle) > 0 {
		cn := c.idle[len(c.idle)-1]
		c.idle = c.idle[:len(c.idle)-1]
		if !cn.closed {
			b.use(req, cn, true)
			return
		}
	}
	if c.open < b.load.maxConns {
		b.dial(req)
		return
	}
	c.waiters = append(c.waiters, req)
}

// dial opens a connection for req: to the proxy (L7 routers) or, through
// kube-proxy's DNAT, to a pod chosen for this connection.
func (b *Backend) dial(req *request) {
	c := req.client
	if b.router.perRequest() {
		b.use(req, b.newConn(c, nil), false)
		return
	}
	req.attempts = 1
	p := b.kubeProxyPick(c)
	if p == nil {
		b.finish(req, 0, loadgen.ErrRefused) // no endpoint: REJECT
		return
	}
	req.pod = p
	switch {
	case !p.node.reachable():
		// SYNs unanswered: the request times out
	case p.proc != procRunning || !p.listening:
		b.finish(req, 0, loadgen.ErrRefused)
	default:
		cn := b.newConn(c, p)
		p.conns = append(p.conns, cn)
		b.use(req, cn, false)
	}
}

func (b *Backend) newConn(c *client, p *pod) *conn {
	b.load.connSeq++
	c.open++
	return &conn{id: b.load.connSeq, client: c, pod: p}
}

// use sends req on cn.
func (b *Backend) use(req *request, cn *conn, reused bool) {
	cn.busy = true
	req.conn, req.reused = cn, reused
	if cn.pod == nil {
		b.route(req)
		return
	}
	p := cn.pod
	req.pod, req.attempts = p, 1
	req.work = b.serve(p, func(code int) {
		cn.reqs++
		b.finishCode(req, code)
		b.release(cn, p.shuttingDown)
	}, func() {
		b.closeConn(cn)
		if req.reused && !req.retried {
			// net/http retries an idempotent request that failed on a
			// reused connection before any response byte.
			req.retried, req.conn, req.work = true, nil, nil
			b.acquire(req)
			return
		}
		b.finish(req, 0, loadgen.ErrReset)
	})
}

// release returns cn to its pool after a response, or closes it (no
// keep-alive, the server's per-connection limit, a server shutting down).
func (b *Backend) release(cn *conn, serverClosing bool) {
	ld := &b.load
	if cn.closed {
		return
	}
	if !ld.keepAlive || serverClosing || cn.client.left || (cn.pod != nil && ld.maxReqPerConn > 0 && cn.reqs >= ld.maxReqPerConn) {
		b.closeConn(cn)
		return
	}
	cn.busy = false
	c := cn.client
	if len(c.waiters) > 0 {
		w := c.waiters[0]
		c.waiters = c.waiters[1:]
		b.use(w, cn, true)
		return
	}
	c.idle = append(c.idle, cn)
}

// closeConn closes cn on both ends; a waiting request may dial in its place.
func (b *Backend) closeConn(cn *conn) {
	if cn.closed {
		return
	}
	cn.closed, cn.busy = true, false
	c := cn.client
	c.open--
	if p := cn.pod; p != nil {
		p.conns = slices.DeleteFunc(p.conns, func(x *conn) bool { return x == cn })
	}
	if len(c.waiters) > 0 && c.open < b.load.maxConns {
		w := c.waiters[0]
		c.waiters = c.waiters[1:]
		b.dial(w)
	}
}

// timeout ends req if it is still open at the client timeout; the client
// closes its connection.
func (b *Backend) timeout(req *request) {
	if req.done {
		return
	}
	c := req.client
	c.waiters = slices.DeleteFunc(c.waiters, func(x *request) bool { return x == req })
	if w := req.work; w != nil {
		b.cancelWork(w)
	}
	if req.conn != nil {
		b.closeConn(req.conn)
	}
	b.finish(req, 0, loadgen.ErrTimeout)
}

// finishCode ends req with a response status.
func (b *Backend) finishCode(req *request, code int) {
	kind := loadgen.ErrNone
	if code >= 500 {
		kind = loadgen.Err5xx
	}
	b.finish(req, code, kind)
}

// finish records req.
func (b *Backend) finish(req *request, code int, kind loadgen.ErrorKind) {
	if req.done {
		return
	}
	req.done = true
	b.load.open--
	r := loadgen.Record{
		Seq: req.seq, Start: Epoch.Add(req.start), Latency: b.clk.now - req.start,
		Client: req.client.id, Code: code, Error: kind, Attempts: req.attempts,
	}
	if req.conn != nil {
		r.Conn = req.conn.id
	}
	if req.retried {
		r.ClientRetries = 1
	}
	r.ByRouter = req.byRouter
	if p := req.pod; p != nil {
		r.Version, r.Pod = p.version, p.name
		if p.node != nil {
			r.Node = p.node.name
		}
	}
	b.records = append(b.records, r)
}
