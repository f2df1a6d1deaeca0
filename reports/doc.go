// Package reports turns a run's scenarios.Trace into canarylab's report: the
// traffic split per step with its statistical test, errors and their
// attribution to pod terminations and node loss, drains blocked by
// PodDisruptionBudgets, rollback latency, and a verdict from the scenario's
// assertions. Both backends share it because it reads the Trace alone.
// Renderers write it as JSON (stable byte for byte) and Markdown; Aggregate
// combines repeated trials. The statistics live in reports/stats.
package reports
