#!/usr/bin/env bash
# Stage: the pod sandbox ("pause") binary, a static C program.
# Usage: stages/pause.sh OUTDIR   (writes OUTDIR/bin/pause)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:?usage: pause.sh OUTDIR}
mkdir -p "$out/bin"
command -v gcc >/dev/null || { echo "pause stage: gcc is missing" >&2; exit 1; }
gcc -Os -Wall -Werror -static -o "$out/bin/pause" "$here/pause/pause.c"
strip "$out/bin/pause"
"$out/bin/pause" -v
