#!/usr/bin/env bash
# Memory per key: fills our server and a real redis-server with redis-benchmark's random SET load and compares
# their resident sets (issue 6's memory target: RSS with 1 million keys of 16-byte values within 1.3x of Redis's).
#
#   scripts/memory-per-key.sh [--sizes "8 16 64 1024"] [--ours CMD] [--label NAME] [--requests N] [--no-redis]
#
# For each value size, starts each server on a free 127.0.0.1 port (redis-server with --save '' --appendonly no,
# ours with --save ''), runs `redis-benchmark -p PORT -q -t set -r 1000000 -n 3000000 -d SIZE -P 16` (about 950k
# distinct keys), waits 3 s, and prints a Markdown row: keys (DBSIZE), VmRSS from /proc/PID/status, INFO
# used_memory (MB = 10^6 bytes), and both per key. One server runs at a time. --ours is the command that starts our server without
# its port (default: `dotnet Engine/Host/bin/Release/net10.0/mini-redis-server.dll`, built with
# `dotnet build -c Release Engine/Host`; for Native AOT, `dotnet publish Engine/Host -c Release -r linux-x64
# -p:PublishAot=true -o DIR` and pass `--ours DIR/mini-redis-server`).
#
# Needs: redis-server, redis-benchmark, redis-cli.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sizes="8 16 64 1024"
ours="dotnet $repo/Engine/Host/bin/Release/net10.0/mini-redis-server.dll"
label="ours"
requests=3000000
with_redis=1

while [[ $# -gt 0 ]]; do
    case "$1" in
        --sizes) sizes="$2"; shift 2 ;;
        --ours) ours="$2"; shift 2 ;;
        --label) label="$2"; shift 2 ;;
        --requests) requests="$2"; shift 2 ;;
        --no-redis) with_redis=0; shift ;;
        -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "memory-per-key.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
done

for tool in redis-server redis-benchmark redis-cli; do
    command -v "$tool" >/dev/null || { echo "memory-per-key.sh: $tool is not installed" >&2; exit 1; }
done

source "$repo/scripts/lib/servers.sh"

use_scratch_dir

info_field() { # port field
    redis-cli -p "$1" info memory | tr -d '\r' | sed -n "s/^$2:\(.*\)/\1/p"
}

measure() { # name size
    local name="$1" size="$2" port keys rss used
    port="$(free_port)"
    if [[ $name == redis ]]; then
        (cd "$work" && exec redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no) >"$work/$name.log" 2>&1 &
    else
        # shellcheck disable=SC2086 # $ours is a command line
        (cd "$work" && exec $ours --port "$port" --bind 127.0.0.1 --save '') >"$work/$name.log" 2>&1 &
    fi
    pid=$!
    wait_for_pong "$port" "$name" || exit 1
    redis-benchmark -p "$port" -q -t set -r 1000000 -n "$requests" -d "$size" -P 16 >/dev/null
    sleep 3
    keys="$(redis-cli -p "$port" dbsize)"
    rss="$(awk '/^VmRSS:/ { print $2 * 1024 }' "/proc/$pid/status")"
    used="$(info_field "$port" used_memory)"
    printf '| %-10s | %5d | %7d | %7.1f | %7.1f | %9.0f | %10.0f |\n' "$name" "$size" "$keys" \
        "$(echo "$rss / 1000000" | bc -l)" "$(echo "$used / 1000000" | bc -l)" \
        "$(echo "$rss / $keys" | bc -l)" "$(echo "$used / $keys" | bc -l)"
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
