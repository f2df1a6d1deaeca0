// Package e2e holds canarylab's end-to-end tests against real kind clusters
// built from the offline node image: cluster lifecycle (create, reuse,
// cancel, delete), readiness, and pod networking across nodes by pod IP and
// through a ClusterIP Service's DNS name, with a workload image made by
// clusters.ImageArchiveFromBinary.
//
// The tests run in `go test ./...` when Docker answers and the node image
// exists, and skip with the reason otherwise (or with -short, or with
// CANARYLAB_E2E=0). CANARYLAB_NODE_IMAGE overrides the image, which by
// default is what hack/node-image/build.sh --print-image names.
package e2e
