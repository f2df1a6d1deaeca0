# Shared helpers of the node image build (sourced, not executed).
# shellcheck shell=bash

NODE_IMAGE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_ROOT=$(cd "$NODE_IMAGE_DIR/../.." && pwd)
CACHE_ROOT=${CANARYLAB_CACHE:-$HOME/.cache/canarylab}/node-image

log() { printf '[node-image %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# hash_inputs PATH...: sha256 over the relative names, executable bits and
# contents of the files under each PATH (files or directories), plus any
# extra strings given as "str:VALUE". Order of arguments matters.
hash_inputs() {
	local p
	for p in "$@"; do
		if [[ $p == str:* ]]; then
			printf 'str %s\n' "${p#str:}"
		elif [[ -d $p ]]; then
			(cd "$p" && find . -type f ! -name '*_test.go' -print0 | LC_ALL=C sort -z |
				while IFS= read -r -d '' f; do
					printf 'file %s %s %s\n' "$f" "$([[ -x $f ]] && echo x || echo -)" "$(sha256sum <"$f" | cut -c1-64)"
				done)
		elif [[ -f $p ]]; then
			printf 'file %s %s %s\n' "${p#"$REPO_ROOT"/}" "$([[ -x $p ]] && echo x || echo -)" "$(sha256sum <"$p" | cut -c1-64)"
		else
			die "hash_inputs: no such input: $p"
		fi
	done | sha256sum | cut -c1-64
}

# cached STAGE KEY COMMAND...: run COMMAND OUTDIR unless CACHE_ROOT/STAGE/KEY
# is complete; prints the output directory. COMMAND writes into a temporary
# directory that is renamed into place only when it succeeds.
cached() {
	local stage=$1 key=$2
	shift 2
	local dir=$CACHE_ROOT/$stage/$key
	if [[ -f $dir/.complete ]]; then
		log "$stage: cached ($key)"
		echo "$dir"
		return 0
	fi
	mkdir -p "$CACHE_ROOT/$stage"
	local tmp
	tmp=$(mktemp -d "$CACHE_ROOT/$stage/.tmp.XXXXXX")
	local start=$SECONDS
	log "$stage: building (log: $tmp.log)"
	if ! "$@" "$tmp" >"$tmp.log" 2>&1; then
		tail -n 40 "$tmp.log" >&2
		rm -rf "$tmp"
		die "$stage: failed (log above, full log: $tmp.log)"
	fi
	mv "$tmp.log" "$tmp/build.log"
	touch "$tmp/.complete"
	rm -rf "$dir"
	mv "$tmp" "$dir"
	log "$stage: built in $((SECONDS - start))s"
	# Keep the three newest entries of each stage; older inputs are unlikely
	# to come back and the Kubernetes entry alone is about 500 MB.
	find "$CACHE_ROOT/$stage" -mindepth 1 -maxdepth 1 -type d ! -name '.tmp.*' -printf '%T@ %p\n' |
		sort -rn | tail -n +4 | cut -d' ' -f2- | xargs -r rm -rf
	echo "$dir"
}

# go_env_key: the Go toolchain that compiles the Go stages.
go_env_key() {
	go env GOVERSION GOOS GOARCH | tr '\n' ' '
}
