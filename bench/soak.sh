#!/usr/bin/env bash
# The mixed soak (issue 22): starts a Release barge serve on a fresh store and runs every kind of client at once for
# N minutes (default 10): REST batch imports with batch ids and gRPC BatchObjects (each paced to --rate objects/s),
# delete-by-query of marked sets (REST and gRPC BatchDelete), undo of batches, single-object POST/PUT/PATCH/DELETE,
# reads by id, filtered gRPC Search and GraphQL Get, gRPC and GraphQL Aggregate counts. The server's RSS (/proc) and
# managed heap (its /metrics) are sampled every few seconds. At the end every acknowledged object that was not removed
# must be there (and every removed one gone), no answer may have been a 5xx, and the RSS may grow by at most
# --flat-mib MiB over the second half (least-squares fit). Prints a markdown report; exit code 1 if any of that fails.
#   bench/soak.sh [--minutes N] [--store sqlite|postgres] [--rate OBJ_PER_S] [--max-kept N] [--flat-mib MIB] [--no-build]
# --store postgres starts its own throwaway PostgreSQL (tools/postgres-throwaway) and stops it at the end.
# Neither process is pinned (the soak measures memory and correctness, not speed); the report prints the load average.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
minutes=10; store=sqlite; build=1; extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --store) store="$2"; shift 2 ;;
    --rate|--flat-mib|--sample-seconds|--max-kept) extra+=("$1" "$2"); shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
work="$(mktemp -d "${TMPDIR:-/tmp}/barge-soak-XXXXXX")"
chmod 711 "$work"
trap 'rm -rf "$work"' EXIT
if [ $build = 1 ]; then
  dotnet build src/Barge.Cli -c Release -nologo -v quiet
  dotnet build bench/Barge.Bench -c Release -nologo -v quiet
fi
echo "$(date -u +%Y-%m-%dT%H:%MZ); commit $(git rev-parse --short HEAD); command: bench/soak.sh --minutes $minutes --store $store ${extra[*]}"
dotnet exec bench/Barge.Bench/bin/Release/net10.0/Barge.Bench.dll soak --barge src/Barge.Cli/bin/Release/net10.0/barge.dll \
  --work "$work" --repo "$root" --minutes "$minutes" --store "$store" "${extra[@]}"
