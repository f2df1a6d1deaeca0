// Package sim is canarylab's discrete-event simulator, the default
// scenarios.Backend. It models worker nodes, a scheduler, the stable and
// canary ReplicaSets with their pods' lifecycle (start, readiness, preStop,
// SIGTERM, SIGKILL), endpoint propagation to the data plane, the data planes
// themselves (kube-proxy per connection, ingress-nginx, a Gateway API router
// and Istio per request), a vegeta-like client with Go's connection pool,
// and node chaos (cordon, drain through a PodDisruptionBudget, kill, stop,
// pause, restart).
//
// Time is virtual: it starts at Epoch and moves only when the runner calls
// Advance. Events are ordered by (time, sequence number) and every random
// draw comes from a PCG stream derived from the seed, one stream per
// concern, so the same scenario and seed give a byte-identical Trace.
//
// Modelling choices worth knowing when reading its figures:
//   - Endpoint changes (ready, deleted, node NotReady) reach every data plane
//     after one log-normal propagation delay (Calibration.EndpointPropagation),
//     in order per endpoint; router weights after Calibration.RouterSync.
//   - The client is one http.Transport per client identity: LIFO reuse of
//     idle connections, at most Spec.Connections open, requests wait for a
//     connection beyond that. Vegeta's workers never limit concurrency (its
//     max workers is unbounded), so Spec.Workers does not change the model.
//   - L7 proxies' upstream connections are not pooled: each try connects.
//     A connect to a dead or paused node hangs (the client times out, or the
//     router's connect timeout fires first); a paused node's pending connects
//     are not completed on resume.
//   - Pods answer 200 or, at the version's error rate, 500; never 503.
package sim
