#!/usr/bin/env bash
# barge import measured against the issue's target and against an external peer, in one run (see bench/README.md):
#   1. the ingest benchmark's load (pre-built bodies of the same objects, same batch size and connections) on a fresh
#      server: the rate to reach, of which barge import must make >= 80 %;
#   2. barge import of a JSON Lines file of those objects on a fresh server: wall time, its own rate, its RSS sampled
#      every second (flat, or it holds the file), the stored count;
#   3. the official Weaviate TypeScript client's batcher (bench/peer/import.mjs) loading the same file the same way.
# Servers on core 1, the client of each step on core 0.
#   bench/import.sh [--count N] [--schema none|defaults] [--batch-size B] [--concurrency C] [--warmup S] [--measure S] [--no-peer] [--no-build] [--out FILE]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
count=300000; schema=none; batch=1000; conc=4; warmup=5; measure=10; peer=1; out=""; build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --count) count="$2"; shift 2 ;;
    --schema) schema="$2"; shift 2 ;;
    --batch-size) batch="$2"; shift 2 ;;
    --concurrency) conc="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --measure) measure="$2"; shift 2 ;;
    --no-peer) peer=0; shift ;;
    --no-build) build=0; shift ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v taskset >/dev/null || { echo "taskset (util-linux) is required" >&2; exit 2; }
[ "$(nproc --all)" -ge 2 ] || { echo "needs at least 2 cores (servers on core 1, clients on core 0)" >&2; exit 2; }
if [ $build = 1 ]; then
  dotnet build src/Barge.Cli -c Release -nologo -v quiet
  dotnet build bench/Barge.Bench -c Release -nologo -v quiet
fi
if [ $peer = 1 ] && [ ! -d bench/peer/node_modules ]; then npm ci --prefix bench/peer --no-audit --no-fund >/dev/null; fi
barge="dotnet exec src/Barge.Cli/bin/Release/net10.0/barge.dll"
bench="dotnet exec bench/Barge.Bench/bin/Release/net10.0/Barge.Bench.dll"
work="$(mktemp -d "${TMPDIR:-/tmp}/barge-import-XXXXXX")"
server=""
trap '[ -n "$server" ] && kill $server 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
json() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }

start_server() { # $1 = data folder: a fresh barge serve on core 1 with the Article class
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  mkdir -p "$1"
  taskset -c 1 $barge serve --data "$1" --listen "127.0.0.1:$port" --grpc-listen 127.0.0.1:0 >"$work/server.log" 2>&1 &
  server=$!
  until curl -sf "http://127.0.0.1:$port/v1/.well-known/ready" >/dev/null; do sleep 0.2; done
  $bench class --url "http://127.0.0.1:$port" --schema "$schema"
}
stop_server() { kill -TERM "$server"; wait "$server" || true; server=""; }
stored() { curl -s "http://127.0.0.1:$port/v1/objects?class=Article&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("totalResults",0))'; }
# Runs "$@" in the background on core 0, samples its RSS (KiB) every second into $1; leaves the wall time in $wall.
sampled() {
  local rss="$1"; shift
  local t0; t0=$(date +%s.%N)
  taskset -c 0 "$@" &
  local pid=$!
  while kill -0 $pid 2>/dev/null; do awk '/^VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null >>"$rss" || true; sleep 1; done
  wait $pid || status=$?
  wall=$(python3 -c "import time; print(f'{time.time() - $t0:.1f}')")
}
# RSS samples as "first / 25 % / 50 % / 75 % / last / peak" of the run, in MiB.
profile() { touch "$1"; python3 -c "
import sys; s=[int(l) for l in open(sys.argv[1]) if l.strip()]
if not s: print('no samples'); sys.exit()
p=lambda f: s[min(len(s)-1, int(f*(len(s)-1)))]//1024
print(f'{p(0)} / {p(.25)} / {p(.5)} / {p(.75)} / {s[-1]//1024} / {max(s)//1024}')" "$1"; }

echo "writing $count articles as JSON Lines"
$bench jsonl --out "$work/articles.jsonl" --count "$count"
size=$(du -m "$work/articles.jsonl" | cut -f1)

# 1. The ingest benchmark's rate on the same objects, enough pre-built bodies for the whole window.
[ "$schema" = none ] && guess=40000 || guess=12000
objects=$(( guess * (warmup + measure) * 5 / 4 ))
echo "ingest benchmark load: $schema, batch $batch x $conc, ${warmup}s warm-up + ${measure}s"
load=$(taskset -c 0 $bench load --barge src/Barge.Cli/bin/Release/net10.0/barge.dll --data "$work/load" --schema "$schema" \
  --batch "$batch" --conns "$conc" --objects "$objects" --warmup "$warmup" --measure "$measure")
load_rate=$(json "$load" objectsPerSecond)

# 2. barge import of the file.
echo "barge import of $count lines ($size MiB)"
start_server "$work/import"
status=0
sampled "$work/import.rss" $barge import "$work/articles.jsonl" --class Article --batch-size "$batch" --concurrency "$conc" \
  --url "http://127.0.0.1:$port" >"$work/import.out" 2>"$work/import.err"
import_status=$status; import_wall=$wall; import_stored=$(stored); import_server_rss=$(awk '/^VmHWM/ {print int($2/1024)}' /proc/$server/status)
stop_server
import_line=$(grep '^Imported' "$work/import.out" || cat "$work/import.err")
import_rate=$(python3 -c "print(round($count / $import_wall))")

# 3. The peer: weaviate-ts-client's batcher, same file, same batch size and concurrency.
if [ $peer = 1 ]; then
  echo "weaviate-ts-client batcher of the same file"
  start_server "$work/peer"
  status=0
  sampled "$work/peer.rss" node bench/peer/import.mjs --url "http://127.0.0.1:$port" --file "$work/articles.jsonl" --class Article \
    --batch-size "$batch" --concurrency "$conc" >"$work/peer.out" 2>"$work/peer.err"
  peer_status=$status; peer_wall=$wall; peer_stored=$(stored)
  stop_server
  peer_rate=$(python3 -c "print(round($count / $peer_wall))")
fi

ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
{
  echo
  echo "### barge import, $count lines ($size MiB), schema \`$schema\`, batch $batch x $conc ($(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD))"
  echo
  echo "| client | wall s | obj/s (lines / wall) | stored | exit | client RSS MiB: first / 25 % / 50 % / 75 % / last / peak | vs. ingest benchmark |"
  echo "|---|---:|---:|---:|---:|---|---:|"
  echo "| ingest benchmark load (pre-built bodies, ${measure}s window after ${warmup}s) | | $load_rate | | | | 1.00 |"
  echo "| \`barge import\` | $import_wall | $import_rate | $import_stored | $import_status | $(profile "$work/import.rss") | **$(ratio "$import_rate" "$load_rate")** |"
  [ $peer = 1 ] && echo "| weaviate-ts-client 2.2.0 batcher (node) | $peer_wall | $peer_rate | $peer_stored | $peer_status | $(profile "$work/peer.rss") | $(ratio "$peer_rate" "$load_rate") |"
  echo
  echo "barge import said: \`$import_line\`; server peak RSS during the import ${import_server_rss} MiB; load: \`$load\`"
  [ $peer = 1 ] && echo "peer said: \`$(cat "$work/peer.out" "$work/peer.err" | head -c 600)\`; barge import / peer = **$(ratio "$import_rate" "$peer_rate")**"
  echo
} | tee -a "${out:-/dev/null}"
[ "$import_status" = 0 ] && [ "$import_stored" = "$count" ] || { echo "barge import failed or stored $import_stored of $count" >&2; exit 1; }
