// Package loadgen is canarylab's load: the load spec both backends share, the
// per-request record both backends produce, and the virtual arrivals the
// simulator uses, paced by vegeta's own pacers.
package loadgen
