#!/usr/bin/env bash
# Stage: one component image made without a registry or Dockerfile: a tar
# rootfs (static binary + minimal files) fed to `docker import`, then written
# with `docker save` so it can be imported into the node's containerd.
#
# Usage: stages/image.sh NAME ENTRYPOINT_JSON|- SPEC... OUTDIR
#   SPEC is SRC=DEST (copy file SRC to /DEST in the image) or tar:FILE (unpack
#   FILE at /). Writes OUTDIR/image.tar and OUTDIR/name.
set -euo pipefail
(($# >= 3)) || { echo "usage: image.sh NAME ENTRYPOINT_JSON|- SPEC... OUTDIR" >&2; exit 2; }
name=$1 entrypoint=$2
shift 2
out=${*: -1}
specs=("${@:1:$#-1}")
mkdir -p "$out"

root=$(mktemp -d "${TMPDIR:-/tmp}/canarylab-image.XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{etc,tmp,var/run,usr/local/bin}
chmod 1777 "$root/tmp"
# Just enough identity files for Go and glibc programs (user lookups, DNS).
printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"

for spec in "${specs[@]}"; do
	case $spec in
	tar:*) tar --numeric-owner -xf "${spec#tar:}" -C "$root" ;;
	*=*)
		src=${spec%%=*} dest=${spec#*=}
		install -D -m 0755 "$src" "$root/${dest#/}"
		;;
	*) echo "image.sh: bad SPEC $spec" >&2; exit 2 ;;
	esac
done

changes=(--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin')
if [[ $entrypoint != - ]]; then changes+=(--change "ENTRYPOINT $entrypoint"); fi
tar --numeric-owner --owner=0 --group=0 -C "$root" -c . | docker import "${changes[@]}" - "$name" >/dev/null
docker save -o "$out/image.tar" "$name"
docker rmi "$name" >/dev/null 2>&1 || true
echo "$name" >"$out/name"
echo "$name: $(du -h "$out/image.tar" | cut -f1)"
