#!/usr/bin/env bash
# Does expiry give memory back? Loads keys with a short time to live into our server and into a real redis-server,
# then watches each one's key count and memory while nobody touches the keys, so only active expiry can reclaim them.
#
#   scripts/expiry-rss.sh [--keys N] [--ttl SECONDS] [--wait SECONDS] [--backend epoll|select] [--no-build]
#
# Defaults: 1,000,000 keys ("key:0000000" = "v"), SET ... EX 1, watched for 5 s after the load. Builds our server in
# Release, starts it and `redis-server --save '' --appendonly no` on free 127.0.0.1 ports, and measures one server
# at a time (redis first, then ours) so they do not compete for the CPU. Each load is one `redis-cli --pipe` of
# the same pre-generated SET stream. For each server it prints a Markdown table with a row per sample: before the
# load, right after it, then every second up to --wait: DBSIZE, the INFO keyspace line, expired_keys,
# used_memory (the heap: zmalloc's bytes for Redis, the managed heap for us) and used_memory_rss (the process's
# resident set, from the kernel). A last row follows MEMORY PURGE (jemalloc's purge for Redis; a full compacting
# collection for us, which is when the garbage collector gives back what expiry unlinked from an idle heap).
#
# The keys of a load that takes longer than the TTL start expiring before it ends: the "after load" row says how
# many were still there, and the load time is printed.
#
# Needs: dotnet, redis-server, redis-cli, awk (apt-get install redis-server redis-tools).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$repo/scripts/lib/servers.sh"
keys=1000000
ttl=1
wait_seconds=5
backend=epoll
build=1

while [[ $# -gt 0 ]]; do
    case "$1" in
        --keys) keys="$2"; shift 2 ;;
        --ttl) ttl="$2"; shift 2 ;;
        --wait) wait_seconds="$2"; shift 2 ;;
        --backend) backend="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        -h|--help) print_help "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "expiry-rss.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
done

require_tools dotnet redis-server redis-cli awk || exit 1

build_server "$build" || exit 1

use_scratch_dir

# The load, generated once: SET key:NNNNNNN v EX <ttl> as RESP, the same bytes for both servers.
echo "Generating $keys SET commands..." >&2
awk -v n="$keys" -v ttl="$ttl" 'BEGIN {
    for (i = 0; i < n; i++) {
        key = sprintf("key:%07d", i)
        printf "*5\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$1\r\nv\r\n$2\r\nEX\r\n$%d\r\n%s\r\n", length(key), key, length(ttl ""), ttl
    }
}' >"$work/load.resp"

sample() { # port label
    local port="$1" label="$2" keyspace
    keyspace="$(redis-cli -p "$port" info keyspace | tr -d '\r' | sed -n 's/^db0://p')"
    printf '| %-12s | %9s | %-40s | %9s | %12s | %12s |\n' "$label" "$(redis-cli -p "$port" dbsize)" \
        "${keyspace:-(empty)}" "$(info_field "$port" stats expired_keys)" "$(info_field "$port" memory used_memory)" \
        "$(info_field "$port" memory used_memory_rss)"
}

measure() { # name
    local name="$1" port started ended
    port="$(free_port)"
    if [[ $name == ours ]]; then
        (cd "$work" && exec dotnet "$server_dll" --port "$port" --bind 127.0.0.1 --io-backend "$backend" --save '') >"$work/$name.log" 2>&1 &
    else
        (cd "$work" && exec redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no) >"$work/$name.log" 2>&1 &
    fi
    pid=$!
    wait_for_pong "$port" "$name" || exit 1
    echo
    echo "### $name: $( [[ $name == ours ]] && echo "Reactor.MiniRedis (Release, io-backend=$backend)" || redis-server --version | cut -d' ' -f1-3)"
    echo
    printf '| %-12s | %9s | %-40s | %9s | %12s | %12s |\n' sample dbsize "INFO keyspace (db0)" expired used_memory rss
    echo "|--------------|----------:|------------------------------------------|----------:|-------------:|-------------:|"
    sample "$port" "before load"
    started="$(date +%s%N)"
    redis-cli -p "$port" --pipe <"$work/load.resp" >"$work/$name.pipe" 2>&1
    ended="$(date +%s%N)"
    sample "$port" "after load"
    for second in $(seq "$wait_seconds"); do
        sleep 1
        sample "$port" "+${second} s"
    done
    redis-cli -p "$port" memory purge >/dev/null
    sample "$port" "MEMORY PURGE"
    echo
    echo "Load: $(( (ended - started) / 1000000 )) ms ($(tail -1 "$work/$name.pipe" | tr -d '\r'))."
    shutdown_server "$port"
}

echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)),"
echo "$keys keys, SET key v EX $ttl, sampled for $wait_seconds s after the load"
measure redis
measure ours
