#!/usr/bin/env bash
# Stage: etcd server from the Go module proxy (modules/etcd wraps etcdmain).
# Usage: stages/etcd.sh OUTDIR   (writes OUTDIR/bin/etcd)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:?usage: etcd.sh OUTDIR}
mkdir -p "$out/bin"
cd "$here/modules/etcd"
CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false" \
	go build -trimpath -ldflags "-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=canarylab" \
	-o "$out/bin/etcd" .
"$out/bin/etcd" --version
