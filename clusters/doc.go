// Package clusters provisions and tears down real Kubernetes clusters with
// kind's Go library (no kind binary): Up creates a cluster (or reuses a
// healthy one of the same name), waits with client-go until its nodes,
// CoreDNS and kube-proxy are ready, and deletes a partial cluster when the
// context is cancelled; Down and List manage existing clusters.
//
// Topologies are kind v1alpha4 Cluster files embedded from configs/ (the
// default is one control plane and three workers in two zones) and validated
// in Go. Each scenario run works in its own namespace (RunNamespace) so a
// cluster is reused across runs. Images reach the nodes without a registry:
// ImageArchiveFromBinary writes a Docker image archive holding one static
// binary, and LoadImageArchive imports it into every node's containerd.
package clusters
