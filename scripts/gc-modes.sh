#!/usr/bin/env bash
# Memory under each garbage-collector mode: our server's resident set idle, after the issue-6 load (1M keys of
# 16-byte values), and after the idle trim, next to redis-server's on the same load.
#
#   scripts/gc-modes.sh [--requests N] [--keyspace N] [--size BYTES] [--no-build]
#
# The load is `redis-benchmark -t set -r KEYSPACE -n REQUESTS -d SIZE -P 16` (defaults 1000000, 3000000, 16:
# about 950,000 distinct keys). Each mode is a fresh server, one at a time: redis-server first, then ours as the
# JIT build under the runtime's GC settings below (environment variables the .NET runtime reads at start-up),
# then the Native AOT build. For each it prints RSS idle (after one PING), RSS 3 s after the load, used_memory,
# RSS once the server has been idle long enough for IdleHeapTrim (up to 10 s), and the collections it made
# (INFO gc_gen0/1/2_collections, when reported).
#
# Needs: dotnet (and clang + zlib1g-dev for the AOT build), redis-server, redis-benchmark, redis-cli.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$repo/scripts/lib/servers.sh"
requests=3000000
keyspace=1000000
size=16
build=1

while [[ $# -gt 0 ]]; do
    case "$1" in
        --requests) requests="$2"; shift 2 ;;
        --keyspace) keyspace="$2"; shift 2 ;;
        --size) size="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        -h|--help) print_help "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "gc-modes.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
done

build_server "$build" || exit 1
build_server_aot "$build" || exit 1

use_scratch_dir

# measure <label> <command...>: one fresh server, one table row.
measure() {
    local label="$1" port idle loaded trimmed used gcs
    shift
    port="$(free_port)"
    (cd "$work" && exec "$@" --port "$port" --bind 127.0.0.1 --save '') >"$work/server.log" 2>&1 &
    pid=$!
    wait_for_pong "$port" "$label" || exit 1
    idle="$(rss_mb "$pid")"
    redis-benchmark -h 127.0.0.1 -p "$port" -q -t set -r "$keyspace" -n "$requests" -d "$size" -P 16 >/dev/null 2>&1
    sleep 3
    loaded="$(rss_mb "$pid")"
    used="$(info_field "$port" memory used_memory)"
    gcs="$(gc_counts "$port")"
    sleep 10
    trimmed="$(rss_mb "$pid")"
    printf '| %s | %s | %s | %.1f | %s | %s |\n' "$label" "$idle" "$loaded" "$(awk -v b="$used" 'BEGIN { print b / 1048576 }')" "$trimmed" "${gcs:--}"
    shutdown_server "$port"
}

echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores; load: redis-benchmark -t set -r $keyspace -n $requests -d $size -P 16"
echo
echo "| server and GC mode | RSS idle (MB) | RSS after load (MB) | used_memory (MB) | RSS 10 s later (MB) | GCs gen0/1/2 |"
echo "|---|---:|---:|---:|---:|---|"
measure "$(redis-server --version | cut -d' ' -f1-3)" redis-server --appendonly no
measure "ours, JIT, workstation concurrent (default)" dotnet "$server_dll"
measure "ours, JIT, workstation non-concurrent" env DOTNET_gcConcurrent=0 dotnet "$server_dll"
measure "ours, JIT, server GC" env DOTNET_gcServer=1 dotnet "$server_dll"
measure "ours, JIT, GCConserveMemory=7" env DOTNET_GCConserveMemory=7 dotnet "$server_dll"
measure "ours, JIT, gen0 budget 4 MB" env DOTNET_GCgen0size=0x400000 dotnet "$server_dll"
measure "ours, Native AOT (default GC)" "$server_bin"
measure "ours, Native AOT, server GC" env DOTNET_gcServer=1 "$server_bin"
