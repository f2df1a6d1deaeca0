#!/usr/bin/env bash
# build.sh: build canarylab's kind node image (Kubernetes $KUBERNETES_VERSION)
# entirely offline: from Debian packages and Go module sources only.
#
#   hack/node-image/build.sh                 build (or find) the image
#   hack/node-image/build.sh --print-image   print its tag, build nothing
#
# The tag is canarylab/node:<k8s version>-<12 hex of a hash over every build
# input>. If Docker already has it, the script exits at once. Slow parts are
# cached by their own input hash under ${CANARYLAB_CACHE:-~/.cache/canarylab}
# (node-image/<stage>/<key>), so a rebuild after a small change reuses them:
#
#   kubernetes  kubeadm, kubelet, kubectl, apiserver, controller-manager,
#               scheduler, proxy (modules/kubernetes)
#   etcd, coredns, pause, podnet      the other binaries
#   rootfs      debootstrap'd Debian with containerd, runc, CNI plugins, ...
#   image-*     component images (docker import + docker save)
#
# kind's own `kind build node-image` cannot run offline (it pulls images), so
# the node is assembled directly: a container of the Debian rootfs gets the
# base files, binaries and manifests, imports the component images into its
# containerd, and is committed with kind's entrypoint, stop signal and env.
#
# Needs a working Docker (hack/docker-setup.sh), Go, and root for debootstrap.
set -euo pipefail

# dockerd, runc and debootstrap live in sbin directories, which a CI
# environment may leave out of PATH.
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=SCRIPTDIR/lib/common.sh
. "$here/lib/common.sh"
# shellcheck source=SCRIPTDIR/versions.env
. "$here/versions.env"

print_only=false
case ${1:-} in
--print-image) print_only=true ;;
"") ;;
-h | --help)
	sed -n '2,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
	exit 0
	;;
*) die "unknown argument: $1 (try --help)" ;;
esac

command -v go >/dev/null || die "go is not on PATH"

# --- cache keys ---------------------------------------------------------------
# podnet is built from the main module: hash the module versions it links
# rather than the whole go.mod, so unrelated dependency changes keep the tag.
podnet_deps() {
	(cd "$REPO_ROOT" && GOFLAGS="-mod=readonly -buildvcs=false" \
		go list -deps -f '{{with .Module}}{{.Path}}@{{.Version}}{{end}}' ./cmd/canarylab-podnet) |
		LC_ALL=C sort -u | tr '\n' ' '
}
deps=$(podnet_deps) || die "cannot list the podnet agent's dependencies (is go.mod consistent?)"

common_key=$(hash_inputs "$here/versions.env" "$here/lib/common.sh" "str:$(go_env_key)")
k8s_key=$(hash_inputs "str:$common_key" "$here/stages/kubernetes.sh" "$here/modules/kubernetes")
etcd_key=$(hash_inputs "str:$common_key" "$here/stages/etcd.sh" "$here/modules/etcd")
coredns_key=$(hash_inputs "str:$common_key" "$here/stages/coredns.sh" "$here/modules/coredns")
pause_key=$(hash_inputs "$here/versions.env" "$here/stages/pause.sh" "$here/pause")
rootfs_key=$(hash_inputs "$here/versions.env" "$here/stages/rootfs.sh")
podnet_key=$(hash_inputs "str:$common_key" "$here/stages/podnet.sh" \
	"$REPO_ROOT/cmd/canarylab-podnet" "$REPO_ROOT/clusters/podnet" "str:$deps")
image_script_key=$(hash_inputs "$here/stages/image.sh")

podnet_image=canarylab/podnet:${podnet_key:0:12}
final_key=$(hash_inputs "str:$k8s_key $etcd_key $coredns_key $pause_key $rootfs_key $podnet_key $image_script_key" \
	"$here/build.sh" "$here/assemble-in-node.sh" "$here/base" "$here/manifests")
tag=canarylab/node:${KUBERNETES_VERSION}-${final_key:0:12}

if $print_only; then
	echo "$tag"
	exit 0
fi

# --- preconditions ------------------------------------------------------------
timeout 20 docker info >/dev/null 2>&1 ||
	die "docker does not answer: run hack/docker-setup.sh first"
if docker image inspect "$tag" >/dev/null 2>&1; then
	log "$tag is up to date"
	echo "$tag"
	exit 0
fi

# Host tools the stages need (debootstrap for the rootfs, static libc for pause).
need=()
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v gcc >/dev/null || need+=(gcc)
# gcc prints the bare name when it cannot find the static libc.
if ! command -v gcc >/dev/null || [[ ! -f $(gcc -print-file-name=libc.a) ]]; then need+=(libc6-dev); fi
if ((${#need[@]})); then
	[[ $(id -u) -eq 0 ]] || die "missing tools (${need[*]}): install them or run as root"
	log "installing ${need[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null ||
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; } ||
		die "cannot install ${need[*]}"
fi
[[ $(id -u) -eq 0 ]] || die "debootstrap and the node assembly need root"

mkdir -p "$CACHE_ROOT"
# One build at a time per cache (CI and a developer may share a machine).
exec 9>"$CACHE_ROOT/.lock"
flock 9
start=$SECONDS
log "building $tag"

work=$(mktemp -d "${TMPDIR:-/tmp}/canarylab-node.XXXXXX")
cid=""
bg_pids=()
cleanup() {
	local p
	for p in "${bg_pids[@]}"; do kill "$p" 2>/dev/null || true; done
	[[ -z $cid ]] || docker rm -f "$cid" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

# --- stages -------------------------------------------------------------------
# debootstrap is network/disk bound: run it beside the CPU-bound Go builds.
(cached rootfs "$rootfs_key" "$here/stages/rootfs.sh" >"$work/rootfs.dir") &
rootfs_pid=$!
bg_pids+=("$rootfs_pid")
# Fetch the other modules' sources while Kubernetes compiles (network only).
(
	for m in etcd coredns; do
		(cd "$here/modules/$m" && GOFLAGS=-mod=readonly go mod download) || true
	done
) >"$work/prefetch.log" 2>&1 &
bg_pids+=($!)

# The Go builds run one after another: each uses every core already.
k8s_dir=$(cached kubernetes "$k8s_key" "$here/stages/kubernetes.sh")
etcd_dir=$(cached etcd "$etcd_key" "$here/stages/etcd.sh")
coredns_dir=$(cached coredns "$coredns_key" "$here/stages/coredns.sh")
podnet_dir=$(cached podnet "$podnet_key" "$here/stages/podnet.sh")
pause_dir=$(cached pause "$pause_key" "$here/stages/pause.sh")

wait "$rootfs_pid" || die "rootfs stage failed"
rootfs_dir=$(cat "$work/rootfs.dir")
[[ -f $rootfs_dir/rootfs.tar ]] || die "rootfs stage produced no rootfs.tar"

# --- component images ---------------------------------------------------------
# component NAME INPUT_KEY ENTRYPOINT SPEC...: a cached `docker save` archive.
image_tars=()
component() {
	local name=$1 input=$2
	shift 2
	local key dir
	key=$(hash_inputs "str:$image_script_key $name $input $*")
	dir=$(cached "image-${name//[\/:]/_}" "$key" "$here/stages/image.sh" "$name" "$@")
	image_tars+=("$dir/image.tar")
}
kb=$k8s_dir/bin
nf=tar:$rootfs_dir/netfilter.tar
for c in kube-apiserver kube-controller-manager kube-scheduler; do
	component "registry.k8s.io/$c:$KUBERNETES_VERSION" "$k8s_key" - "$kb/$c=/usr/local/bin/$c"
done
# kube-proxy programs iptables: ship Debian's iptables and conntrack with it.
component "registry.k8s.io/kube-proxy:$KUBERNETES_VERSION" "$k8s_key $rootfs_key" - \
	"$kb/kube-proxy=/usr/local/bin/kube-proxy" "$nf"
component "registry.k8s.io/etcd:$ETCD_IMAGE_TAG" "$etcd_key" - "$etcd_dir/bin/etcd=/usr/local/bin/etcd"
component "registry.k8s.io/coredns/coredns:$COREDNS_VERSION" "$coredns_key" '["/coredns"]' \
	"$coredns_dir/bin/coredns=/coredns"
component "registry.k8s.io/pause:$PAUSE_VERSION" "$pause_key" '["/pause"]' "$pause_dir/bin/pause=/pause"
component "$podnet_image" "$podnet_key $rootfs_key" '["/usr/local/bin/canarylab-podnet"]' \
	"$podnet_dir/bin/canarylab-podnet=/usr/local/bin/canarylab-podnet" "$nf"

# --- node assembly ------------------------------------------------------------
rootfs_image=canarylab/node-rootfs:${rootfs_key:0:12}
if ! docker image inspect "$rootfs_image" >/dev/null 2>&1; then
	log "importing the rootfs as $rootfs_image"
	docker import "$rootfs_dir/rootfs.tar" "$rootfs_image" >/dev/null
fi

staging=$work/staging
mkdir -p "$staging"
cp -a "$here/base/." "$staging/"
install -D -m 0755 -t "$staging/usr/bin" "$kb/kubeadm" "$kb/kubelet" "$kb/kubectl"
install -D -m 0755 "$here/assemble-in-node.sh" "$staging/kind/assemble-in-node.sh"
printf '%s\n' "$KUBERNETES_VERSION" >"$staging/kind/version"
mkdir -p "$staging/kind/manifests" "$staging/kind/images"
sed "s|@PODNET_IMAGE@|$podnet_image|" "$here/manifests/default-cni.yaml" \
	>"$staging/kind/manifests/default-cni.yaml"
i=0
for t in "${image_tars[@]}"; do
	i=$((i + 1))
	ln "$t" "$staging/kind/images/$i.tar" 2>/dev/null || cp "$t" "$staging/kind/images/$i.tar"
done

log "assembling the node"
# Privileged: containerd needs mounts and cgroups even just to import.
# `docker commit --change` cannot set STOPSIGNAL, but commit keeps the
# container's own stop signal: SIGRTMIN+3 makes systemd shut down cleanly.
cid=$(docker run -d --privileged --stop-signal SIGRTMIN+3 --entrypoint /bin/sleep "$rootfs_image" infinity)
tar -C "$staging" --owner=0 --group=0 -cf - kind usr etc | docker exec -i "$cid" tar -xf - -C /
docker exec "$cid" /kind/assemble-in-node.sh
docker exec "$cid" rm -f /kind/assemble-in-node.sh
docker stop -t 1 "$cid" >/dev/null
docker commit \
	--change 'ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]' \
	--change 'CMD []' \
	--change 'ENV container=docker' \
	--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
	"$cid" "$tag" >/dev/null
[[ $(docker image inspect -f '{{.Config.StopSignal}}' "$tag") == SIGRTMIN+3 ]] ||
	die "$tag lacks STOPSIGNAL SIGRTMIN+3"
# Older node images of this project are superseded: remove them unless a
# container (a running cluster) still uses them, then docker refuses.
docker image ls --format '{{.Repository}}:{{.Tag}}' canarylab/node | grep -vxF "$tag" |
	xargs -r docker rmi >/dev/null 2>&1 || true
docker image ls --format '{{.Repository}}:{{.Tag}}' canarylab/node-rootfs | grep -vxF "$rootfs_image" |
	xargs -r docker rmi >/dev/null 2>&1 || true
log "built $tag in $((SECONDS - start))s ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1e6}'))"
echo "$tag"
