// Build module for CoreDNS in the canarylab node image: builds the main
// package at the root of github.com/coredns/coredns (listed as a tool so that
// go.sum covers its dependencies).
module canarylab.local/node-image/coredns

go 1.24.0

tool github.com/coredns/coredns

require github.com/coredns/coredns v1.12.1
