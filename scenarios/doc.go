// Package scenarios holds canarylab's scenario format: the Go types of a
// Scenario file, its strict loader and validator (errors carry the field path
// and line:column), the Backend interface every backend implements, and the
// runner that binds a backend, the rollout core, load and chaos.
package scenarios
