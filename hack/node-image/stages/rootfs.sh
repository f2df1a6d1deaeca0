#!/usr/bin/env bash
# Stage: Debian root filesystem of the node image, made with debootstrap.
# Usage: stages/rootfs.sh OUTDIR
# Writes OUTDIR/rootfs.tar (the node's root filesystem) and OUTDIR/netfilter.tar
# (iptables + conntrack with their libraries, for the slim kube-proxy and
# podnet images).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=SCRIPTDIR/../versions.env
. "$here/versions.env"
out=${1:?usage: rootfs.sh OUTDIR}
mkdir -p "$out"

command -v debootstrap >/dev/null || {
	echo "rootfs stage: debootstrap is missing (apt-get install debootstrap)" >&2
	exit 1
}

# What kubelet, kubeadm, containerd and kind's node scripts need.
# containerd/runc/containernetworking-plugins come from Debian (containerd in
# /usr/bin, runc in /usr/sbin, CNI plugins in /usr/lib/cni).
packages=(
	systemd containerd runc containernetworking-plugins
	iptables nftables iproute2 conntrack ethtool socat kmod mount util-linux
	ca-certificates jq procps libseccomp2 pigz e2fsprogs bash
)

work=$(mktemp -d "${TMPDIR:-/tmp}/canarylab-rootfs.XXXXXX")
cleanup() {
	# debootstrap leaves /proc and /sys mounted on failure.
	umount -R "$work/root/proc" "$work/root/sys" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

root=$work/root
debootstrap --variant=minbase --components=main \
	--include="$(IFS=,; echo "${packages[*]}")" \
	"$DEBIAN_SUITE" "$root" "$DEBIAN_MIRROR" >"$out/debootstrap.log" 2>&1 || {
	tail -n 40 "$out/debootstrap.log" >&2
	echo "rootfs stage: debootstrap failed (log above)" >&2
	exit 1
}

# Slim the tree: package caches, docs, man pages, locales.
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* \
	"$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
	"$root"/usr/share/locale/* "$root"/var/log/*.log
# The node gets its own hostname/resolv.conf/hosts from Docker at run time.
: >"$root/etc/hostname"

tar --numeric-owner --xattrs -C "$root" -cf "$out/rootfs.tar.tmp" .
mv "$out/rootfs.tar.tmp" "$out/rootfs.tar"

# netfilter.tar: the files of iptables, conntrack and the libraries they load,
# for images that run iptables beside a static Go binary. Paths are
# canonical (bookworm's /lib, /bin, ... are symlinks into /usr), and those
# top-level symlinks come first in the archive so that it unpacks cleanly.
pkgs_nf=(iptables conntrack libxtables12 libip4tc2 libip6tc2 libnftnl11 libmnl0
	libnetfilter-conntrack3 libnfnetlink0 libc6 libgcc-s1)
list=$work/netfilter.list
for l in lib lib64 bin sbin; do
	if [[ -L $root/$l ]]; then echo "./$l"; fi
done >"$list"
for p in "${pkgs_nf[@]}"; do
	f=$root/var/lib/dpkg/info/$p.list
	[[ -f $f ]] || f=$root/var/lib/dpkg/info/$p:amd64.list
	[[ -f $f ]] || { echo "rootfs stage: package $p is not installed" >&2; exit 1; }
	cat "$f"
done | while read -r path; do
	case $path in /usr/share/* | /etc/*) continue ;; esac
	# Regular files and symlinks only; directories come with them.
	[[ -f $root$path || -L $root$path ]] || continue
	dir=$(readlink -f "$root$(dirname "$path")")
	printf '.%s/%s\n' "${dir#"$root"}" "$(basename "$path")"
done | LC_ALL=C sort -u >>"$list"
# The iptables alternatives (Debian defaults to the nft backend).
for alt in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore; do
	echo "./usr/sbin/$alt"
	echo "./etc/alternatives/$alt"
done >>"$list"
tar --numeric-owner -C "$root" -cf "$out/netfilter.tar" -T "$list"
echo "rootfs: $(du -h "$out/rootfs.tar" | cut -f1), netfilter: $(du -h "$out/netfilter.tar" | cut -f1)"
