#!/usr/bin/env bash
# Filter query cost on a large store (see bench/README.md, "Filter queries"): loads N articles (default 1,000,000)
# through gRPC BatchObjects into barge serve pinned to core 1, then times gRPC Search (first 100) and Aggregate (count)
# for each filter from one client on core 0, then delete-by-query of ~1,000 objects at a time.
# --storage postgres: on a PostgreSQL cluster kept in <data>/postgres (tools/postgres-throwaway, on core 1 with the
# server; halted after the run, resumed by the next), schema bench_query (bench/keyword.sh --storage postgres reuses it).
#   bench/query.sh [--count N] [--data <folder to keep and reuse>] [--runs R] [--deletes D] [--storage sqlite|postgres] [--barge <barge.dll>] [--no-build]
# --barge measures another build (e.g. one made from an older commit in a separate clone) with this bench.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
count=1000000; data=""; runs=50; deletes=10; build=1; storage=sqlite; barge="src/Barge.Cli/bin/Release/net10.0/barge.dll"
while [ $# -gt 0 ]; do
  case "$1" in
    --count) count="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --deletes) deletes="$2"; shift 2 ;;
    --barge) barge="$2"; shift 2 ;;
    --storage) storage="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
keep=1
if [ -z "$data" ]; then data="$(mktemp -d "${TMPDIR:-/tmp}/barge-query-XXXXXX")"; keep=0; fi
trap '[ $keep = 1 ] || rm -rf "$data"' EXIT
if [ $build = 1 ]; then
  dotnet build src/Barge.Cli -c Release -nologo -v quiet
  dotnet build bench/Barge.Bench -c Release -nologo -v quiet
fi
taskset -c 0 dotnet exec bench/Barge.Bench/bin/Release/net10.0/Barge.Bench.dll query \
  --barge "$barge" --data "$data" --count "$count" --runs "$runs" --deletes "$deletes" \
  --storage "$storage" --repo "$root"
