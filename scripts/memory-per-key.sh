#!/usr/bin/env bash
# Memory per key: fills our server and a real redis-server with redis-benchmark's random SET load and compares
# their resident sets (issue 6's memory target: RSS with 1 million keys of 16-byte values within 1.3x of Redis's).
#
#   scripts/memory-per-key.sh [--sizes "8 16 64 1024"] [--aot] [--no-build] [--ours CMD] [--label NAME]
#                             [--requests N] [--no-redis]
#
# For each value size, starts each server on a free 127.0.0.1 port (redis-server with --save '' --appendonly no,
# ours with --save ''), runs `redis-benchmark -p PORT -q -t set -r 1000000 -n 3000000 -d SIZE -P 16` (about 950k
# distinct keys), waits 3 s, and prints a Markdown row: keys (DBSIZE), VmRSS from /proc/PID/status, INFO
# used_memory (MB = 10^6 bytes), and both per key. One server runs at a time. Our server is the Release JIT build
# (built first unless --no-build), or the Native AOT one with --aot; --ours runs another command line instead
# (without its port), e.g. a published binary elsewhere.
#
# Needs: dotnet, redis-server, redis-benchmark, redis-cli.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$repo/scripts/lib/servers.sh"
sizes="8 16 64 1024"
ours=""
build=1
aot=0
label="ours"
requests=3000000
with_redis=1

while [[ $# -gt 0 ]]; do
    case "$1" in
        --sizes) sizes="$2"; shift 2 ;;
        --ours) ours="$2"; shift 2 ;;
        --aot) aot=1; shift ;;
        --no-build) build=0; shift ;;
        --label) label="$2"; shift 2 ;;
        --requests) requests="$2"; shift 2 ;;
        --no-redis) with_redis=0; shift ;;
        -h|--help) print_help "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "memory-per-key.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
done

require_tools dotnet redis-server redis-benchmark redis-cli || exit 1


if [[ -n "$ours" ]]; then
    read -ra ours_command <<<"$ours"
else
    build_ours "$build" "$aot" || exit 1
fi
use_scratch_dir

measure() { # name size
    local name="$1" size="$2" port keys rss used
    port="$(free_port)"
    if [[ $name == redis ]]; then
        (cd "$work" && exec redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no) >"$work/$name.log" 2>&1 &
    else
        (cd "$work" && exec "${ours_command[@]}" --port "$port" --bind 127.0.0.1 --save '') >"$work/$name.log" 2>&1 &
    fi
    pid=$!
    wait_for_pong "$port" "$name" || exit 1
    redis-benchmark -p "$port" -q -t set -r 1000000 -n "$requests" -d "$size" -P 16 >/dev/null
    sleep 3
    keys="$(redis-cli -p "$port" dbsize)"
    rss="$(( $(rss_kb "$pid") * 1024 ))"
    used="$(info_field "$port" memory used_memory)"
    awk -v name="$name" -v size="$size" -v keys="$keys" -v rss="$rss" -v used="$used" 'BEGIN {
        printf "| %-10s | %5d | %7d | %7.1f | %7.1f | %9.0f | %10.0f |\n", name, size, keys,
            rss / 1000000, used / 1000000, rss / keys, used / keys }'
    shutdown_server "$port"
}

echo "$(date -u '+%Y-%m-%d %H:%M UTC'), redis-benchmark -q -t set -r 1000000 -n $requests -d SIZE -P 16, then 3 s"
echo
echo "| server     |    -d |    keys |  RSS MB | used MB | RSS B/key | used B/key |"
echo "|------------|------:|--------:|--------:|--------:|----------:|-----------:|"
for size in $sizes; do
    if [[ $with_redis -eq 1 ]]; then
        measure redis "$size"
    fi
    measure "$label" "$size"
done
