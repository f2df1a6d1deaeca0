package reports

import (
	"sort"
	"time"

	"github.com/canarylab/canarylab/scenarios"
)

// podTerm collects one pod's termination events.
type podTerm struct {
	version, node                       string
	deleted, endpoint, term, kill, gone time.Time
	first                               time.Time // earliest termination event
	errs                                ErrorCounts
	firstErr, lastErr                   time.Time
}

// nodeAction is one node kill/stop/pause until the node came back.
type nodeAction struct {
	node, action      string
	at, back          time.Time // back is zero if the node never came back
	lastEndpoint      time.Time
	errs              ErrorCounts
	firstErr, lastErr time.Time
}

var nodeActions = map[string]string{
	scenarios.EventNodeKilled:  "kill",
	scenarios.EventNodeStopped: "stop",
	scenarios.EventNodePaused:  "pause",
}

// attribute assigns every failed request to a lost node, else to a
// terminated pod, else to nobody (see Shutdown and NodeLoss for the rules).
func attribute(tr *scenarios.Trace, c clock) (*Shutdown, []NodeLoss) {
	events := sortedEvents(tr.Events)
	pods, podOrder := collectTerminations(events)
	actions := collectNodeActions(events)

	sd := &Shutdown{Pods: []PodTermination{}}
	for _, rec := range tr.Records {
		kind := errorKind(rec)
		if kind == "" {
			continue
		}
		at := failedAt(rec)
		if a := lostNodeFor(actions, rec.Node, at); a != nil {
			a.errs.add(kind)
			a.firstErr, a.lastErr = widen(a.firstErr, a.lastErr, at)
			continue
		}
		if p, ok := pods[rec.Pod]; ok && rec.Pod != "" && !at.Before(p.first) {
			p.errs.add(kind)
			p.firstErr, p.lastErr = widen(p.firstErr, p.lastErr, at)
			continue
		}
		sd.Unattributed.add(kind)
	}
	for _, name := range podOrder {
		p := pods[name]
		sd.ConnRefused += p.errs.Refused
		sd.Pods = append(sd.Pods, PodTermination{
			Pod: name, Version: p.version, Node: p.node,
			DeletedAt: c.ptr(p.deleted), EndpointRemovedAt: c.ptr(p.endpoint),
			SIGTERMAt: c.ptr(p.term), SIGKILLAt: c.ptr(p.kill),
			Errors: p.errs, FirstErrorAt: c.ptr(p.firstErr), LastErrorAt: c.ptr(p.lastErr),
		})
	}
	loss := make([]NodeLoss, 0, len(actions))
	for _, a := range actions {
		nl := NodeLoss{
			Node: a.node, Action: a.action, At: c.secs(a.at), RecoveredAt: c.ptr(a.back),
			Errors: a.errs, FirstErrorAt: c.ptr(a.firstErr), LastErrorAt: c.ptr(a.lastErr),
		}
		if !a.firstErr.IsZero() {
			nl.ErrorWindowSeconds = roundPtr(a.lastErr.Sub(a.firstErr).Seconds())
		}
		if !a.lastEndpoint.IsZero() {
			nl.EndpointsRemovedAfterSeconds = roundPtr(a.lastEndpoint.Sub(a.at).Seconds())
		}
		loss = append(loss, nl)
	}
	return sd, loss
}

// sortedEvents returns the events in time order, keeping the recorded order
// of simultaneous events.
func sortedEvents(evs []scenarios.Event) []scenarios.Event {
	out := append([]scenarios.Event(nil), evs...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// collectTerminations gathers the termination events of every pod that has
// at least one of PodDeleted, SIGTERM, SIGKILL, PodGone, in order of its
// first such event.
func collectTerminations(events []scenarios.Event) (map[string]*podTerm, []string) {
	pods := map[string]*podTerm{}
	var order []string
	get := func(ev scenarios.Event) *podTerm {
		p, ok := pods[ev.Object]
		if !ok {
			p = &podTerm{}
			pods[ev.Object] = p
		}
		return p
	}
	endpoints := map[string]time.Time{}
	for _, ev := range events {
		var slot *time.Time
		switch ev.Type {
		case scenarios.EventEndpointRemoved:
			if _, ok := endpoints[ev.Object]; !ok {
				endpoints[ev.Object] = ev.At
			}
			continue
		case scenarios.EventPodDeleted, scenarios.EventSIGTERM, scenarios.EventSIGKILL, scenarios.EventPodGone:
		default:
			continue
		}
		p := get(ev)
		switch ev.Type {
		case scenarios.EventPodDeleted:
			slot = &p.deleted
		case scenarios.EventSIGTERM:
			slot = &p.term
		case scenarios.EventSIGKILL:
			slot = &p.kill
		default:
			slot = &p.gone
		}
		if slot.IsZero() {
			*slot = ev.At
		}
		if p.first.IsZero() {
			p.first = ev.At
			order = append(order, ev.Object)
		}
		if p.version == "" {
			p.version = ev.Version
		}
		if p.node == "" {
			p.node = ev.Node
		}
	}
	for name, p := range pods {
		p.endpoint = endpoints[name]
	}
	return pods, order
}

// collectNodeActions lists node kills, stops and pauses with the time the
// node came back and the last endpoint removal of its pods in between.
func collectNodeActions(events []scenarios.Event) []*nodeAction {
	var out []*nodeAction
	for i, ev := range events {
		action, ok := nodeActions[ev.Type]
		if !ok {
			continue
		}
		node := nodeOf(ev)
		a := &nodeAction{node: node, action: action, at: ev.At}
		for _, later := range events[i+1:] {
			if nodeOf(later) != node {
				continue
			}
			switch later.Type {
			case scenarios.EventNodeStarted, scenarios.EventNodeResumed, scenarios.EventNodeReady:
				a.back = later.At
			case scenarios.EventEndpointRemoved:
				a.lastEndpoint = later.At
			}
			if !a.back.IsZero() {
				break
			}
		}
		out = append(out, a)
	}
	return out
}

// nodeOf is the node an event is about: Node, else Object.
func nodeOf(ev scenarios.Event) string {
	if ev.Node != "" {
		return ev.Node
	}
	return ev.Object
}

// lostNodeFor returns the latest action on node whose window [at, back)
// contains t, or nil.
func lostNodeFor(actions []*nodeAction, node string, t time.Time) *nodeAction {
	if node == "" {
		return nil
	}
	var found *nodeAction
	for _, a := range actions {
		if a.node == node && !t.Before(a.at) && (a.back.IsZero() || t.Before(a.back)) {
			found = a
		}
	}
	return found
}

// widen extends [first, last] to include t.
func widen(first, last, t time.Time) (time.Time, time.Time) {
	if first.IsZero() || t.Before(first) {
		first = t
	}
	if last.IsZero() || t.After(last) {
		last = t
	}
	return first, last
}
