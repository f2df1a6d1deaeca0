// Package stats holds the pure statistics behind canarylab's reports: exact
// binomial tests and intervals for a step's traffic split, a
// connection-clustered proportion for per-connection routers, the smallest
// deviation a run could detect, intervals over repeated trials and the
// Mann-Whitney U test for baselines. Every function is a pure function of
// its arguments; the only randomness (the bootstrap) takes a seed.
package stats
