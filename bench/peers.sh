#!/usr/bin/env bash
# Issue 19's table in one run (see bench/README.md, "Peers"): Barge with Weaviate's default indexes and with none,
# PouchDB 9 over HTTP, hand-written PostgreSQL COPY (primary key only, and with the same indexes), the engine baseline;
# every store pinned to core 1, the load on core 0.
#   bench/peers.sh [--quick] [--barge-before <barge.dll>] [--rounds N] [--warmup S] [--measure S] [--batch B] [--conns C] [--barge-postgres] [--out FILE] [--no-build]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command -v taskset >/dev/null || { echo "taskset (util-linux) is required" >&2; exit 2; }
[ "$(nproc --all)" -ge 2 ] || { echo "needs at least 2 cores (stores on core 1, load on core 0)" >&2; exit 2; }
args=(); build=1
for a in "$@"; do
  case "$a" in
    --quick) args+=(--warmup 3 --measure 6) ;;
    --no-build) build=0 ;;
    *) args+=("$a") ;;
  esac
done
if [ $build = 1 ]; then
  dotnet build src/Barge.Cli -c Release -nologo -v quiet
  dotnet build bench/Barge.Bench -c Release -nologo -v quiet
fi
[ -d bench/pouch/node_modules ] || npm ci --prefix bench/pouch --no-audit --no-fund >/dev/null
exec taskset -c 0 dotnet exec bench/Barge.Bench/bin/Release/net10.0/Barge.Bench.dll peers \
  --repo "$root" --command "bench/peers.sh${*:+ $*}" "${args[@]}"
