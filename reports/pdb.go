package reports

import (
	"sort"
	"time"

	"github.com/canarylab/canarylab/scenarios"
)

// buildPDB reads drains and evictions from the events. Eviction events carry
// the pod in Object and its node in Node; drain events name the node.
func buildPDB(tr *scenarios.Trace, c clock) *PDBResult {
	events := sortedEvents(tr.Events)
	res := &PDBResult{Drains: []Drain{}}
	for i, ev := range events {
		switch ev.Type {
		case scenarios.EventEviction429:
			res.Evictions429++
		case scenarios.EventEvicted:
			res.Evicted++
		case scenarios.EventDrainStarted:
			d := measureDrain(events[i:], nodeOf(ev), tr.End, c)
			res.BlockedSeconds += d.BlockedSeconds
			res.Drains = append(res.Drains, d)
		}
	}
	res.BlockedSeconds = round(res.BlockedSeconds)
	return res
}

// measureDrain follows the drain of node started by events[0] until its
// DrainDone or DrainTimeout (or end).
func measureDrain(events []scenarios.Event, node string, end time.Time, c clock) Drain {
	start := events[0].At
	d := Drain{Node: node, Start: c.secs(start), Status: DrainUnfinished}
	stop := end
	var tries []scenarios.Event
	for _, ev := range events[1:] {
		if nodeOf(ev) != node {
			continue
		}
		if ev.Type == scenarios.EventDrainDone || ev.Type == scenarios.EventDrainTimeout {
			stop = ev.At
			d.Status = DrainDone
			if ev.Type == scenarios.EventDrainTimeout {
				d.Status = DrainTimeout
			}
			break
		}
		if ev.Type == scenarios.EventEvicted || ev.Type == scenarios.EventEviction429 {
			tries = append(tries, ev)
		}
	}
	d.End = c.secs(stop)
	d.Attempts = len(tries)
	d.BlockedSeconds = round(blockedTime(tries, stop, &d.Evictions429).Seconds())
	return d
}

// blockedTime is the length of the union over pods of [first 429, eviction
// or stop], counting the 429s into n429.
func blockedTime(tries []scenarios.Event, stop time.Time, n429 *int) time.Duration {
	type span struct{ from, to time.Time }
	blockedSince := map[string]time.Time{}
	var spans []span
	var order []string
	for _, ev := range tries {
		from, blocked := blockedSince[ev.Object]
		switch {
		case ev.Type == scenarios.EventEviction429:
			*n429++
			if !blocked {
				blockedSince[ev.Object] = ev.At
				order = append(order, ev.Object)
			}
		case blocked:
			spans = append(spans, span{from, ev.At})
			delete(blockedSince, ev.Object)
		}
	}
	for _, pod := range order {
		if from, ok := blockedSince[pod]; ok {
			spans = append(spans, span{from, stop})
		}
	}
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].from.Before(spans[j].from) })
	var total time.Duration
	var curFrom, curTo time.Time
	for i, s := range spans {
		switch {
		case i == 0:
			curFrom, curTo = s.from, s.to
		case s.from.After(curTo):
			total += curTo.Sub(curFrom)
			curFrom, curTo = s.from, s.to
		case s.to.After(curTo):
			curTo = s.to
		}
	}
	if len(spans) > 0 {
		total += curTo.Sub(curFrom)
	}
	return total
}
