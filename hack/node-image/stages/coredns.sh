#!/usr/bin/env bash
# Stage: CoreDNS from the Go module proxy (modules/coredns).
# Usage: stages/coredns.sh OUTDIR   (writes OUTDIR/bin/coredns)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:?usage: coredns.sh OUTDIR}
mkdir -p "$out/bin"
cd "$here/modules/coredns"
CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false" \
	go build -trimpath -ldflags "-s -w -X github.com/coredns/coredns/coremain.GitCommit=canarylab" \
	-o "$out/bin/coredns" github.com/coredns/coredns
"$out/bin/coredns" -version
