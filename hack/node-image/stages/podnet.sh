#!/usr/bin/env bash
# Stage: the canarylab pod network agent (cmd/canarylab-podnet, main module).
# Usage: stages/podnet.sh OUTDIR   (writes OUTDIR/bin/canarylab-podnet)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:?usage: podnet.sh OUTDIR}
mkdir -p "$out/bin"
cd "$here/../.."
CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false" \
	go build -trimpath -ldflags "-s -w" -o "$out/bin/canarylab-podnet" ./cmd/canarylab-podnet
