package sim

import (
	"container/heap"
	"time"
)

// item is one scheduled callback.
type item struct {
	at  time.Duration // offset from Epoch
	seq uint64
	fn  func()
}

// queue is a priority queue of callbacks ordered by (at, seq): callbacks due
// at the same instant run in the order they were scheduled.
type queue []item

// Len, Less, Swap, Push and Pop implement heap.Interface.
func (q queue) Len() int           { return len(q) }
func (q queue) Less(i, j int) bool { return q.less(q[i], q[j]) }
func (queue) less(a, b item) bool {
	if a.at != b.at {
		return a.at < b.at
	}
	return a.seq < b.seq
}
func (q queue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *queue) Push(x any)   { *q = append(*q, x.(item)) }
func (q *queue) Pop() any {
	old := *q
	it := old[len(old)-1]
	old[len(old)-1] = item{}
	*q = old[:len(old)-1]
	return it
}

// clock is the virtual clock and its event queue. Besides the heap it has a
// FIFO lane for callbacks scheduled in non-decreasing time order (the
// client timeouts, all start+timeout), which keeps thousands of pending
// timeouts out of the heap; both are merged by (at, seq).
type clock struct {
	now  time.Duration
	seq  uint64
	q    queue
	fifo []item
	head int
}

// at schedules fn at offset t (never before now).
func (c *clock) at(t time.Duration, fn func()) {
	if t < c.now {
		t = c.now
	}
	c.seq++
	heap.Push(&c.q, item{at: t, seq: c.seq, fn: fn})
}

// atFIFO schedules fn at t through the FIFO lane when t is not before the
// lane's last entry, else through the heap.
func (c *clock) atFIFO(t time.Duration, fn func()) {
	if t < c.now {
		t = c.now
	}
	if n := len(c.fifo); n > c.head && c.fifo[n-1].at > t {
		c.at(t, fn)
		return
	}
	if c.head > 1024 && c.head*2 > len(c.fifo) {
		c.fifo = append(c.fifo[:0], c.fifo[c.head:]...)
		c.head = 0
	}
	c.seq++
	c.fifo = append(c.fifo, item{at: t, seq: c.seq, fn: fn})
}

// next pops the earliest callback due at or before t.
func (c *clock) next(t time.Duration) (item, bool) {
	hq, hf := len(c.q) > 0 && c.q[0].at <= t, c.head < len(c.fifo) && c.fifo[c.head].at <= t
	switch {
	case hq && hf && c.q.less(c.q[0], c.fifo[c.head]), hq && !hf:
		return heap.Pop(&c.q).(item), true
	case hf:
		it := c.fifo[c.head]
		c.fifo[c.head] = item{}
		c.head++
		return it, true
	}
	return item{}, false
}

// after schedules fn d after now.
func (c *clock) after(d time.Duration, fn func()) { c.at(c.now+d, fn) }

// runUntil runs every callback due at or before t, then sets now to t.
// stop, when non-nil, is checked after each callback and ends the run early.
func (c *clock) runUntil(t time.Duration, stop func() bool) {
	for {
		it, ok := c.next(t)
		if !ok {
			break
		}
		c.now = it.at
		it.fn()
		if stop != nil && stop() {
			return
		}
	}
	if t > c.now {
		c.now = t
	}
}
