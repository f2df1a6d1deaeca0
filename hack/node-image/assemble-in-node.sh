#!/bin/bash
# Runs inside the assembly container (the Debian rootfs with the node files
# copied in, started with `sleep`, not systemd) to finish the node image:
# systemd units, CNI links, containerd's base OCI spec, and the component
# images imported into containerd's k8s.io namespace. build.sh then commits
# the container as the node image.
set -euo pipefail
log() { echo "assemble: $*" >&2; }

# --- systemd: boot straight to containerd + kubelet, like kind's base image.
[[ -e /sbin/init ]] || ln -s /usr/lib/systemd/systemd /sbin/init
# tmpfiles-setup fights with Docker's /tmp and /run mounts; udev, getty and
# timers have nothing to do in a node container.
find /lib/systemd/system/sysinit.target.wants/ -name systemd-tmpfiles-setup.service -delete
rm -f /lib/systemd/system/multi-user.target.wants/* /etc/systemd/system/*.wants/* \
	/lib/systemd/system/local-fs.target.wants/* /lib/systemd/system/sockets.target.wants/*udev* \
	/lib/systemd/system/sockets.target.wants/*initctl* /lib/systemd/system/basic.target.wants/*
# journald must not read the host's kernel log.
echo ReadKMsg=no >>/etc/systemd/journald.conf
systemctl enable containerd.service kubelet.service undo-mount-hacks.service
systemctl mask systemd-binfmt.service
mkdir -p /etc/kubernetes/manifests /etc/cni/net.d /var/lib/kubelet

# --- CNI plugins: Debian installs them in /usr/lib/cni; containerd looks in
# /opt/cni/bin (a real directory, so that CNI installers can add plugins).
mkdir -p /opt/cni/bin
for p in /usr/lib/cni/*; do ln -sf "$p" "/opt/cni/bin/$(basename "$p")"; done

# --- containerd's base OCI spec: ctr's default spec without rlimits, plus a
# createContainer hook that mounts the node's fake product_uuid/product_name.
ctr oci spec |
	jq '.hooks.createContainer += [{"path": "/kind/bin/mount-product-files.sh"}] | del(.process.rlimits)' \
		>/etc/containerd/cri-base.json

# --- preload the component images (nothing is ever pulled on these machines).
containerd --log-level warn >/tmp/containerd.log 2>&1 &
pid=$!
for _ in $(seq 1 60); do
	ctr version >/dev/null 2>&1 && break
	sleep 0.5
done
ctr version >/dev/null 2>&1 || { cat /tmp/containerd.log >&2; log "containerd did not start"; exit 1; }
for tar in /kind/images/*.tar; do
	# --digests keeps the names from the archive (registry.k8s.io/...);
	# --no-unpack: layers are unpacked when first used, keeping the image small.
	ctr -n k8s.io images import --all-platforms --no-unpack --digests "$tar" >/dev/null
	log "imported $(basename "$tar")"
done
# --digests also records each image as "import-<date>@sha256:..."; the real
# names keep the content, so drop those extra names.
ctr -n k8s.io images ls -q | { grep '^import-' || true; } | xargs -r ctr -n k8s.io images rm >/dev/null
ctr -n k8s.io images ls -q | grep -v '^sha256:' | sed 's/^/assemble: image /' >&2
kill "$pid"
wait "$pid" || true
rm -rf /kind/images /tmp/containerd.log

# --- leave no identity behind: the entrypoint makes a new one per node.
: >/etc/machine-id
rm -f /var/lib/dbus/machine-id /kind/product_uuid
log finished
