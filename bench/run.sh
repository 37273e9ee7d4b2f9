#!/usr/bin/env bash
# The ingest benchmark as one command. See bench/README.md.
#   bench/run.sh [--quick] [--growth] [--growth-sizes 1000000,5000000,10000000] [--warmup S] [--measure S]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command -v taskset >/dev/null || { echo "taskset (util-linux) is required" >&2; exit 2; }
[ "$(nproc --all)" -ge 2 ] || { echo "needs at least 2 cores (server on core 1, load on core 0)" >&2; exit 2; }
dotnet build Barge.slnx -c Release -nologo -v quiet
# The load generator runs on core 0; it starts barge and the engine baseline on core 1 (taskset -c 1).
exec taskset -c 0 dotnet exec bench/Barge.Bench/bin/Release/net10.0/Barge.Bench.dll run \
  --repo "$root" --command "bench/run.sh${*:+ $*}" "$@"
