package reports

import (
	"encoding/json"
	"fmt"
	"strings"
)

// JSON renders the report as indented JSON with a trailing newline. The
// output is deterministic: fields in declaration order, slices in the
// order Build produced them, floats already rounded.
func (r *Report) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode report %q as JSON: %w", r.Scenario, err)
	}
	return append(b, '\n'), nil
}

// Summary is a few lines for the terminal: scenario, verdict, requests and
// errors, and every reason.
func (r *Report) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s on %s (%s): %s\n", r.Scenario, r.Backend, r.DataPlane, strings.ToUpper(r.Verdict))
	fmt.Fprintf(&b, "  %d trial(s), %d requests, %d errors (refused %d, reset %d, timeout %d, 5xx %d)\n",
		r.Trials, r.Requests, r.Errors.Total, r.Errors.Refused, r.Errors.Reset, r.Errors.Timeout, r.Errors.Status5xx)
	for _, st := range r.Steps {
		if !st.Tested && st.NotTested == "" {
			continue
		}
		p := "not tested"
		if st.PValue != nil {
			p = fmt.Sprintf("p=%.3g", *st.PValue)
		}
		fmt.Fprintf(&b, "  step %d weight %d%%: canary share %.4f (expected %.4f) 95%% CI [%.4f, %.4f] %s, %d requests, %s",
			st.Step, st.ConfiguredWeight, st.CanaryShare, st.ExpectedShare, st.CI95[0], st.CI95[1], p, st.Requests, st.Test)
		if st.DesignEffect >= 1.01 {
			fmt.Fprintf(&b, ", design effect %.3g over %d %ss", st.DesignEffect, st.Connections, st.ClusterBy)
		}
		b.WriteString("\n")
	}
	if sh := r.Shutdown; sh != nil && r.Errors.Refused > 0 {
		fmt.Fprintf(&b, "  shutdown: %d connection-refused errors attributed to pod terminations\n", sh.ConnRefused)
	}
	if pdb := r.PDB; pdb != nil && len(pdb.Drains) > 0 {
		fmt.Fprintf(&b, "  drains: %d, evictions refused (429) %d, blocked %.4gs\n", len(pdb.Drains), pdb.Evictions429, pdb.BlockedSeconds)
	}
	if rb := r.Rollback; rb != nil && rb.Aborted && rb.LatencySeconds != nil {
		fmt.Fprintf(&b, "  rollback: last canary request %.4gs after the abort\n", *rb.LatencySeconds)
	}
	for _, nl := range r.NodeLoss {
		if nl.ErrorWindowSeconds != nil {
			fmt.Fprintf(&b, "  node %s %s: %d errors over %.4gs\n", nl.Action, nl.Node, nl.Errors.Total, *nl.ErrorWindowSeconds)
		}
	}
	for _, reason := range r.Reasons {
		fmt.Fprintf(&b, "  - %s\n", reason)
	}
	return b.String()
}
