#!/bin/bash
# The entrypoint hides the misc controller from systemd on cgroup v1 hosts by
# bind-mounting a filtered /proc/cgroups; once systemd is up, undo it so that
# runc and kubelet see the real file.
set -euo pipefail
[[ -f /sys/fs/cgroup/cgroup.controllers ]] && exit 0
if mountpoint -q /proc/cgroups 2>/dev/null || grep -q ' /proc/cgroups ' /proc/self/mountinfo; then
	umount /proc/cgroups || true
fi
