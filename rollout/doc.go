// Package rollout is canarylab's shared rollout core: Argo Rollouts' canary
// strategy as a level-triggered reconciler.
//
// Both backends (the simulator and real clusters) drive the same code:
//
//	res, requeueAfter := rollout.Reconcile(now, spec, observed)
//
// The core is pure Go. It imports none of client-go, kind or vegeta, never
// reads the wall clock (time is always an argument) and never sleeps. Its
// input types use Argo Rollouts' field names (spec.strategy.canary) so a user
// can paste an existing Rollout's strategy into a scenario.
package rollout
