#!/usr/bin/env bash
# One redis-benchmark run against a fresh server, and what it cost the server: the collections and their pauses.
#
#   scripts/fresh-run.sh [--redis] [--dll PATH] [--fill "OPTIONS"] [redis-benchmark options...]
#
# Starts our server binary (Engine/Host/bin/Release/net10.0/mini-redis-server.dll unless --dll; build it first
# with `dotnet build -c Release`), or with --redis a redis-server, on a free 127.0.0.1 port with no persistence;
# runs one redis-benchmark with the options given (-q is added); then prints each test's result line, the
# server's CPU time during the run (clock ticks), INFO's used_memory and, for ours, gc_gen0/1/2_collections and
# gc_pause_time_ms, and VmRSS; and stops the server. A fresh server per run keeps one test's collections apart
# from another's (compare.sh reuses its servers across tests and rounds). --fill runs one redis-benchmark with
# those options first, not measured, so the measured run meets a full keyspace or collection. Examples:
#   scripts/fresh-run.sh -r 1000000 -P 16 -n 1000000 -t zadd
#   scripts/fresh-run.sh --fill "-r 1000000 -P 16 -n 1000000 -t zadd" -r 1000000 -P 16 -n 1000000 -t zadd
#   scripts/fresh-run.sh --fill "-r 1000000 -P 16 -n 2000000 -t set" -r 1000000 -P 16 -n 2000000 -t set,get
#
# Needs: dotnet, redis-server, redis-benchmark, redis-cli (apt-get install redis-server redis-tools).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$repo/scripts/lib/servers.sh"
dll="$repo/Engine/Host/bin/Release/net10.0/mini-redis-server.dll"
redis=0
fill=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --redis) redis=1; shift ;;
        --dll) dll="$2"; shift 2 ;;
        --fill) fill="$2"; shift 2 ;;
        *) break ;;
    esac
done

port="$(free_port)"
if [[ $redis -eq 1 ]]; then
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no >/dev/null 2>&1 &
    name=redis-server
else
    dotnet "$dll" --port "$port" --save '' --appendonly no >/dev/null 2>&1 &
    name=ours
fi
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
wait_for_pong "$port" "$name"

if [[ -n "$fill" ]]; then
    # shellcheck disable=SC2086 # the fill options are split like a command line
    redis-benchmark -p "$port" -q $fill >/dev/null 2>&1
fi
before="$(awk '{print $14 + $15}' "/proc/$pid/stat")"
last="$(redis-benchmark -p "$port" -q "$@" 2>&1 | tr '\r' '\n' | grep 'requests per second' | paste -sd ';' -)"
after="$(awk '{print $14 + $15}' "/proc/$pid/stat")"
info="$(redis-cli -p "$port" info | tr -d '\r' | grep -E '^(used_memory|gc_[a-z0-9_]+):' | tr '\n' ' ')"
rss="$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")"
echo "$name | $last | cpu_ticks $((after - before)) | $info| rss ${rss} kB"
redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
wait "$pid" 2>/dev/null || true
