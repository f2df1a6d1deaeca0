#!/bin/bash
# cgroup v2 hosts: enable every controller for the kubelet cgroup roots
# (/kubelet and /kubelet.slice). Runs before kubelet, after systemd started.
set -euo pipefail
if [[ ! -f /sys/fs/cgroup/cgroup.controllers ]]; then
	echo 'create-kubelet-cgroup-v2.sh: not a cgroup v2 host' >&2
	exit 1
fi
enable_controllers() {
	local g=/sys/fs/cgroup/$1
	sed -e 's/ / +/g' -e 's/^/+/' <"$g/cgroup.controllers" >"$g/cgroup.subtree_control"
}
enable_controllers /
for d in kubelet kubelet.slice; do
	mkdir -p "/sys/fs/cgroup/$d"
	enable_controllers "$d"
done
