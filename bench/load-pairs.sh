#!/usr/bin/env bash
# Two barge builds under the same ingest load, alternating (A B, B A, A B ...), then one pair with no index:
# `Barge.Bench load` (client ids, batches of 1,000 on 4 connections, server on core 1, load on core 0) per run.
#   bench/load-pairs.sh <after barge.dll> <before barge.dll> [rounds]
# Needs a Release build of bench/Barge.Bench. Prints one line per run: time, round, build, schema, the bench's JSON.
set -u
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AFTER=$1 BEFORE=$2 ROUNDS=${3:-3}
data="${TMPDIR:-/tmp}/barge-load-pairs.$$"
run() { # label dll schema
  rm -rf "$data"
  local r
  r=$(taskset -c 0 dotnet exec "$root/bench/Barge.Bench/bin/Release/net10.0/Barge.Bench.dll" load --schema "$3" --batch 1000 --conns 4 \
    --barge "$2" --data "$data" --objects 400000 --warmup 10 --measure 15 2>&1 | tail -1)
  echo "$(date -u +%H:%M:%S) round $R $1 $3 $r load=$(cut -d' ' -f1 /proc/loadavg)"
}
for R in $(seq 1 "$ROUNDS"); do
  if [ $((R % 2)) = 1 ]; then run after "$AFTER" defaults; run before "$BEFORE" defaults
  else run before "$BEFORE" defaults; run after "$AFTER" defaults; fi
done
run after "$AFTER" none; run before "$BEFORE" none
rm -rf "$data"
