#!/usr/bin/env bash
# Crash rounds beyond CI's: runs the SIGKILL test (tests/Barge.EndToEnd.Tests/CrashRecoveryTests.cs) with many more
# rounds on one store. Each round kills a real `barge serve` during REST or gRPC imports, server-side batching, a
# delete-by-query or an undo, restarts it, and at the end checks every acknowledged object and that each killed
# delete or undo happened wholly or not at all.
#   bench/crash.sh [--rounds N (default 50)] [--store sqlite|postgres]
# PostgreSQL: set BARGE_TEST_POSTGRES to a connection string (tools/postgres-throwaway start <dir> prints one).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
rounds=50; store=sqlite
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --store) store="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [ "$store" = postgres ] && [ -z "${BARGE_TEST_POSTGRES:-}" ]; then
  echo "--store postgres needs BARGE_TEST_POSTGRES (tools/postgres-throwaway start /tmp/pg prints one)" >&2; exit 2
fi
start=$(date +%s)
BARGE_CRASH_ROUNDS="$rounds" BARGE_TEST_STORAGE="$store" CI=true \
  dotnet test tests/Barge.EndToEnd.Tests --filter "FullyQualifiedName~CrashRecoveryTests" --logger "console;verbosity=detailed"
echo "$rounds kill rounds on $store survived in $(( $(date +%s) - start )) s"
