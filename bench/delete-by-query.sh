#!/usr/bin/env bash
# Delete-by-query on a large store: pre-fills N "articles" objects (default 1,000,000; every property filterable),
# starts barge serve on them (pinned to core 1), and times DELETE /v1/batch/objects with a filter on an indexed
# property that matches exactly 1,000 objects (count must be a multiple of 1,000): a verbose dry run, the real delete, and the same call again (0 left).
#   bench/delete-by-query.sh [--count N] [--data <folder to keep and reuse>] [--offset K]
# (--offset picks another set of 1,000 objects, 0..999, so that a kept folder can be measured again)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
count=1000000; data=""; offset=0
while [ $# -gt 0 ]; do
  case "$1" in
    --count) count="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --offset) offset="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
keep=1
if [ -z "$data" ]; then data="$(mktemp -d "${TMPDIR:-/tmp}/barge-delete-XXXXXX")"; keep=0; fi
mkdir -p "$data"
dotnet build Barge.slnx -c Release -nologo -v quiet
bench="dotnet exec bench/Barge.Bench/bin/Release/net10.0/Barge.Bench.dll"

echo "pre-filling $count objects into $data (reused when already there)"
start=$(date +%s)
taskset -c 1 $bench prefill --db "$data/barge.db" --migrations src/Barge.Storage.Sqlite/Migrations --count "$count"
echo "pre-fill took $(( $(date +%s) - start )) s"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
taskset -c 1 dotnet exec src/Barge.Cli/bin/Release/net10.0/barge.dll serve --data "$data" --listen "127.0.0.1:$port" >/dev/null &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; [ $keep = 1 ] || rm -rf "$data"' EXIT
until curl -sf "http://127.0.0.1:$port/v1/.well-known/ready" >/dev/null; do sleep 0.2; done

# Pre-filled titles end in their object number (1000000000 + i), a token of its own: ContainsAny over 1,000 of
# those numbers, spread over the store, matches exactly 1,000 objects.
step=$(( count / 1000 ))
filter=$(python3 -c "import json; print(json.dumps({'operator':'ContainsAny','path':['title'],'valueTextArray':[str(1000000000 + k*$step + $offset) for k in range(1000)]}))")
call() { # $1 = output, $2 = dryRun
  curl -s -o /tmp/barge-delete-answer.json -w '%{time_total}' -X DELETE "http://127.0.0.1:$port/v1/batch/objects" \
    -H 'content-type: application/json' \
    -d "{\"match\":{\"class\":\"Article\",\"where\":$filter},\"output\":\"$1\",\"dryRun\":$2}"
}
field() { python3 -c "import json,sys; r=json.load(open('/tmp/barge-delete-answer.json'))['results']; print(r['$1'])"; }

stored=$(curl -s "http://127.0.0.1:$port/v1/objects?class=Article&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("totalResults",0))')
t1=$(call verbose true);  m1=$(field matches)
t2=$(call minimal false); m2=$(field matches); s2=$(field successful)
t3=$(call minimal false); m3=$(field matches)
echo
echo "| step | matches | successful | seconds |"
echo "|---|---|---|---|"
echo "| dry run, verbose (lists 1,000 ids) | $m1 | 0 | $t1 |"
echo "| delete, minimal | $m2 | $s2 | $t2 |"
echo "| same delete again | $m3 | 0 | $t3 |"
echo
echo "store: $stored objects; $(date -u +%Y-%m-%dT%H:%MZ); commit $(git rev-parse --short HEAD); $(nproc) cores"
[ "$m1" = 1000 ] && [ "$s2" = 1000 ] && [ "$m3" = 0 ] || { echo "unexpected counts" >&2; exit 1; }
