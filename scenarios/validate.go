package scenarios

import (
	"fmt"
	"strings"
)

// validator checks a decoded scenario's meaning. Errors are placed with the
// positions the decoder recorded; an error about a value that already failed
// to decode (or about its parent or children) is dropped, as the decode error
// says it better.
type validator struct {
	main   string
	pos    map[string]location
	failed map[string]bool
	errs   ErrorList
}

// errf reports a problem at canonical path p.
func (v *validator) errf(p, format string, args ...any) {
	for f := range v.failed {
		if related(p, f) {
			return
		}
	}
	v.errs = append(v.errs, locate(v.pos, v.main, p, fmt.Sprintf(format, args...)))
}

// locate builds the error for canonical path p: at p's recorded position,
// or its nearest recorded ancestor's (a missing field is reported where its
// parent is), in the file and with the path as written there.
func locate(pos map[string]location, main, p, msg string) *FieldError {
	for a := p; ; a = parentPath(a) {
		if loc, ok := pos[a]; ok {
			return &FieldError{File: loc.file, Line: loc.line, Column: loc.col, Path: loc.path + p[len(a):], Msg: msg}
		}
		if a == "" {
			return &FieldError{File: main, Path: p, Msg: msg}
		}
	}
}

// related reports whether one path is the other or contains it.
func related(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if a == "" || a == b {
		return true
	}
	return strings.HasPrefix(b, a) && (b[len(a)] == '.' || b[len(a)] == '[')
}

// oneOf reports whether s is one of the allowed values.
func oneOf(s string, allowed ...string) bool {
	for _, a := range allowed {
		if s == a {
			return true
		}
	}
	return false
}

// quoted lists values for messages: "a", "b" or "c".
func quoted(vals ...string) string {
	q := make([]string, len(vals))
	for i, s := range vals {
		q[i] = fmt.Sprintf("%q", s)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// enum reports p unless s is empty (when optional) or one of allowed.
func (v *validator) enum(p, s string, optional bool, allowed ...string) {
	if s == "" && optional {
		return
	}
	if s == "" {
		v.errf(p, "required: one of %s", quoted(allowed...))
		return
	}
	if !oneOf(s, allowed...) {
		v.errf(p, "unknown value %q: want %s", s, quoted(allowed...))
	}
}

// scenario runs every check.
func (v *validator) scenario(s *Scenario) {
	if s.APIVersion != APIVersion {
		v.errf("apiVersion", "must be %q, got %q", APIVersion, s.APIVersion)
	}
	if s.Kind != Kind {
		v.errf("kind", "must be %q, got %q", Kind, s.Kind)
	}
	if s.Metadata.Name == "" {
		v.errf("metadata.name", "required")
	}
	sp := &s.Spec
	nodes := v.cluster(sp.Cluster)
	v.workload(sp.Workload)
	v.pdb(sp.PDB)
	v.topology(sp.Topology)
	v.rollout(sp)
	v.load(sp)
	v.chaos(sp, nodes)
	v.assertions(sp.Assertions)
	v.sim(sp.Sim)
	if sp.Trials < 0 {
		v.errf("spec.trials", "must be ≥ 1 (or left out for 1)")
	}
}
