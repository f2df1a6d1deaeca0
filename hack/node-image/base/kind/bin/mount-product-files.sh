#!/bin/bash
# OCI createContainer hook (see /etc/containerd/cri-base.json): show each
# container the node's fake product_name/product_uuid, as the node sees them.
set -euo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
bundle=$(jq -r .bundle)
cp /kind/product_* "${bundle:?}/rootfs/"
for f in /sys/class/dmi/id/product_name /sys/class/dmi/id/product_uuid /sys/devices/virtual/dmi/id/product_uuid; do
	[[ -f $f ]] || continue
	mount -o ro,bind "$bundle/rootfs/$(basename "$f")" "$bundle/rootfs$f"
done
