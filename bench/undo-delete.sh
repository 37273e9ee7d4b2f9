#!/usr/bin/env bash
# Undo and delete-by-query at scale: starts barge serve on a fresh store, imports N objects (default 100,000) as one
# batch with an X-Batch-Id, undoes that batch (POST /api/batch/v1/{id}/undo), imports them again, and deletes them
# all with one DELETE /v1/batch/objects whose filter matches every object (QUERY_MAXIMUM_RESULTS is raised to N, so
# that one call deletes them all). Prints the seconds of each step and checks the counts after each.
#   bench/undo-delete.sh [--count N] [--store sqlite|postgres] [--no-build]
# --store postgres starts its own throwaway PostgreSQL (tools/postgres-throwaway) and stops it at the end.
# Builds only the server (Release). Neither process is pinned: read the figures with the load average printed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
count=100000; store=sqlite; build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --count) count="$2"; shift 2 ;;
    --store) store="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
scratch="$(mktemp -d "${TMPDIR:-/tmp}/barge-undo-XXXXXX")"
pg="$scratch/pg"
server=""
cleanup() {
  [ -n "$server" ] && { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; }
  [ "$store" = postgres ] && tools/postgres-throwaway stop "$pg" >/dev/null 2>&1 || true
  rm -rf "$scratch"
}
trap cleanup EXIT

[ $build = 0 ] || dotnet build src/Barge.Cli -c Release -nologo -v quiet >/dev/null
args=(serve --data "$scratch/data")
if [ "$store" = postgres ]; then
  chmod 711 "$scratch"
  conn=$(tools/postgres-throwaway start "$pg" | tail -1)
  args+=(--storage postgres --postgres "$conn")
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
grpc=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
QUERY_MAXIMUM_RESULTS=$count dotnet exec src/Barge.Cli/bin/Release/net10.0/barge.dll "${args[@]}" \
  --listen "127.0.0.1:$port" --grpc-listen "127.0.0.1:$grpc" >"$scratch/server.log" 2>&1 &
server=$!
until curl -sf "http://127.0.0.1:$port/v1/.well-known/ready" >/dev/null; do
  kill -0 "$server" 2>/dev/null || { cat "$scratch/server.log" >&2; exit 1; }
  sleep 0.2
done
base="http://127.0.0.1:$port"

curl -sf -X POST "$base/v1/schema" -H 'content-type: application/json' -d '{"class":"Bulk","properties":[
  {"name":"title","dataType":["text"]},{"name":"kind","dataType":["text"],"tokenization":"field"},
  {"name":"n","dataType":["int"]},{"name":"tags","dataType":["text[]"]}]}' >/dev/null
# One batch of N objects with client ids, ~150 bytes of properties each (every property indexed).
python3 - "$count" > "$scratch/batch.json" <<'PY'
import json, sys
n = int(sys.argv[1])
objs = [{"class": "Bulk", "id": f"00000000-0000-4000-8000-{i:012d}",
         "properties": {"title": f"object number {i} of the bench", "kind": "bench", "n": i, "tags": [f"t{i % 50}", f"g{i % 7}"]}}
        for i in range(n)]
json.dump({"objects": objs}, sys.stdout)
PY

stored() { curl -s "$base/v1/objects?class=Bulk&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("totalResults",0))'; }
timed() { # $1 = label, rest = curl args; prints seconds, keeps the body in $scratch/answer.json
  local label=$1; shift
  curl -sS -o "$scratch/answer.json" -w '%{time_total}' "$@" || { echo "$label failed; server log:" >&2; tail -20 "$scratch/server.log" >&2; exit 1; }
}
failed() { python3 -c "import json; a=json.load(open('$scratch/answer.json')); print(sum(1 for i in a if i['result'].get('status')!='SUCCESS'))"; }

load0=$(cut -d' ' -f1-3 /proc/loadavg)
t_import1=$(timed import -X POST "$base/v1/batch/objects" -H 'content-type: application/json' -H 'X-Batch-Id: bench-import-1' --data-binary "@$scratch/batch.json")
f1=$(failed); n1=$(stored)
t_undo=$(timed undo -X POST "$base/api/batch/v1/bench-import-1/undo")
undone=$(python3 -c "import json; a=json.load(open('$scratch/answer.json')); print(len(a['deleted']), len(a['skipped']))")
n2=$(stored)
t_import2=$(timed import -X POST "$base/v1/batch/objects" -H 'content-type: application/json' -H 'X-Batch-Id: bench-import-2' --data-binary "@$scratch/batch.json")
f2=$(failed); n3=$(stored)
t_delete=$(timed delete -X DELETE "$base/v1/batch/objects" -H 'content-type: application/json' \
  -d '{"match":{"class":"Bulk","where":{"operator":"Equal","path":["kind"],"valueText":"bench"}},"output":"minimal"}')
deleted=$(python3 -c "import json; r=json.load(open('$scratch/answer.json'))['results']; print(r['matches'], r['successful'], r['failed'])")
n4=$(stored)
load1=$(cut -d' ' -f1-3 /proc/loadavg)

echo
echo "| step ($store, $count objects) | seconds | afterwards |"
echo "|---|---|---|"
echo "| import, one batch | $t_import1 | $n1 stored, $f1 failed |"
echo "| undo of that batch | $t_undo | deleted/skipped: $undone; $n2 stored |"
echo "| import again | $t_import2 | $n3 stored, $f2 failed |"
echo "| delete-by-query matching all | $t_delete | matches/successful/failed: $deleted; $n4 stored |"
echo
echo "$(date -u +%Y-%m-%dT%H:%MZ); commit $(git rev-parse --short HEAD); $(nproc) cores; load average before $load0, after $load1"
[ "$n1" = "$count" ] && [ "$n2" = 0 ] && [ "$n3" = "$count" ] && [ "$n4" = 0 ] && [ "$undone" = "$count 0" ] \
  || { echo "unexpected counts" >&2; exit 1; }
