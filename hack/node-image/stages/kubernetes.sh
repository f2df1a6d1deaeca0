#!/usr/bin/env bash
# Stage: build the Kubernetes binaries from the Go module proxy.
# Usage: stages/kubernetes.sh OUTDIR   (writes OUTDIR/bin/<binary>)
#
# The build module (modules/kubernetes) requires k8s.io/kubernetes and
# replaces each staging module with its published version; its go.mod lists
# the commands as `tool` directives so go.sum covers all their dependencies.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=SCRIPTDIR/../versions.env
. "$here/versions.env"
out=${1:?usage: kubernetes.sh OUTDIR}
mkdir -p "$out/bin"

ver=${KUBERNETES_VERSION#v}
major=${ver%%.*}
minor=${ver#*.}
minor=${minor%%.*}
# The same -X flags as kubernetes' hack/lib/version.sh, so that the binaries
# report KUBERNETES_VERSION instead of v0.0.0 (kubeadm compares versions).
ldflags="-s -w"
for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
	ldflags+=" -X $pkg.gitVersion=$KUBERNETES_VERSION"
	ldflags+=" -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
	ldflags+=" -X $pkg.gitCommit=0000000000000000000000000000000000000000"
	ldflags+=" -X $pkg.gitTreeState=clean"
	ldflags+=" -X $pkg.buildDate=1970-01-01T00:00:00Z"
done

cmds=(kubeadm kubelet kubectl kube-apiserver kube-controller-manager kube-scheduler kube-proxy)
pkgs=()
for c in "${cmds[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$c"); done

cd "$here/modules/kubernetes"
# Checksums of k8s.io/kubernetes were not served by the checksum database for
# some versions; go.sum in the build module pins them anyway.
export GONOSUMDB=${GONOSUMDB:-k8s.io/kubernetes}
# One `go build` for all commands shares the compile of the common packages.
# -trimpath makes the output independent of the build machine's paths.
CGO_ENABLED=0 GOOS=linux GOFLAGS=-mod=readonly \
	go build -trimpath -tags providerless -ldflags "$ldflags" -o "$out/bin/" "${pkgs[@]}"
for c in "${cmds[@]}"; do
	[[ -x $out/bin/$c ]] || { echo "kubernetes stage: $c was not built" >&2; exit 1; }
done
"$out/bin/kubeadm" version -o short
