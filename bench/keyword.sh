#!/usr/bin/env bash
# Keyword (BM25F) query latency on a large store (see bench/README.md, "Keyword search"): pre-fills N articles
# (default 1,000,000) with the engine inserter, marks the store as one written before the keyword index, starts
# barge serve on it pinned to core 1 (which builds the keyword index once on open), and times gRPC Search bm25
# queries from one client on core 0: common word, rare word, two words OR and AND, with filters; p50 and p99.
# --storage postgres: on a throwaway PostgreSQL (tools/postgres-throwaway, on core 1 with the server), the articles
# imported through POST /v1/batch/objects (the pre-fill writes SQLite files only); the cluster is kept in
# <data>/postgres and the articles in schema bench_query, shared with bench/query.sh --storage postgres on the same --data.
#   bench/keyword.sh [--count N] [--data <folder to keep and reuse>] [--runs R] [--storage sqlite|postgres] [--barge <barge.dll>] [--no-build]
# --barge measures another build (e.g. one made from an older commit in a separate clone) with this bench.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
count=1000000; data=""; runs=200; build=1; storage=sqlite; barge="src/Barge.Cli/bin/Release/net10.0/barge.dll"
while [ $# -gt 0 ]; do
  case "$1" in
    --count) count="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --storage) storage="$2"; shift 2 ;;
    --barge) barge="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
keep=1
if [ -z "$data" ]; then data="$(mktemp -d "${TMPDIR:-/tmp}/barge-keyword-XXXXXX")"; keep=0; fi
trap '[ $keep = 1 ] || rm -rf "$data"' EXIT
if [ $build = 1 ]; then
  dotnet build src/Barge.Cli -c Release -nologo -v quiet
  dotnet build bench/Barge.Bench -c Release -nologo -v quiet
fi
taskset -c 0 dotnet exec bench/Barge.Bench/bin/Release/net10.0/Barge.Bench.dll keyword \
  --barge "$barge" --data "$data" \
  --migrations src/Barge.Storage.Sqlite/Migrations --count "$count" --runs "$runs" --storage "$storage" --repo "$root"
