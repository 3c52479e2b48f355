#!/usr/bin/env bash
# Does maxmemory hold under a write flood? Runs the same redis-benchmark SET flood of random keys against a real
# redis-server and against our server, each started with maxmemory and an eviction policy, and samples every second
# what each reports and what the kernel says about its process.
#
#   scripts/maxmemory-flood.sh [--maxmemory 100mb] [--policy allkeys-lru] [--requests N] [--size BYTES]
#                              [--keyspace N] [--clients N] [--pipeline N] [--backend epoll|select] [--aot]
#                              [--no-build]
#   scripts/maxmemory-flood.sh --accuracy [--aot] [--no-build]
#
# Defaults: maxmemory 100mb, allkeys-lru, 3,000,000 SETs of 100-byte values over 10,000,000 random keys
# (redis-benchmark -t set -r 10000000 -d 100 -n 3000000 -c 50 -P 1), enough to fill the limit several times over.
# Builds our server in Release, starts each server on a free 127.0.0.1 port with no persistence (save '', in a
# temporary directory) and measures one at a time (redis first, then ours) so they do not compete for the CPU.
# For each server it prints a Markdown table
# with a row per second: keys (DBSIZE), evicted_keys, used_memory (the allocator's count for Redis, the heap model
# for us: see BENCHMARKS.md), used_memory_rss (the kernel's resident set), and the process's peak resident set
# (VmHWM); then the benchmark's requests per second and the final and peak figures. --aot runs our Native AOT
# build instead of the JIT one.
#
# --accuracy instead loads five data sets (500,000 strings of 100 bytes; 1,000 hashes, lists, sets and sorted sets
# of 500 short elements each) into a fresh server of each kind, without maxmemory, and compares what used_memory
# says the load took with what the resident set grew by.
#
# Needs: dotnet, redis-server, redis-benchmark, redis-cli (apt-get install redis-server redis-tools).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$repo/scripts/lib/servers.sh"
maxmemory=100mb
policy=allkeys-lru
requests=3000000
size=100
keyspace=10000000
clients=50
pipeline=1
backend=epoll
build=1
aot=0
accuracy=0

while [[ $# -gt 0 ]]; do
    case "$1" in
        --maxmemory) maxmemory="$2"; shift 2 ;;
        --policy) policy="$2"; shift 2 ;;
        --requests) requests="$2"; shift 2 ;;
        --size) size="$2"; shift 2 ;;
        --keyspace) keyspace="$2"; shift 2 ;;
        --clients) clients="$2"; shift 2 ;;
        --pipeline) pipeline="$2"; shift 2 ;;
        --backend) backend="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        --aot) aot=1; shift ;;
        --accuracy) accuracy=1; shift ;;
        -h|--help) print_help "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "maxmemory-flood.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
done

require_tools dotnet redis-server redis-benchmark redis-cli || exit 1

build_ours "$build" "$aot" || exit 1

work="$(mktemp -d)"
server_pid=""
bench_pid=""
cleanup() {
    stop_processes "$bench_pid" "$server_pid"
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }

# The process's peak resident set in bytes (VmHWM), from the kernel.
peak_rss() { awk '/^VmHWM:/ { print $2 * 1024 }' "/proc/$1/status"; }

# Floods the server on port $2 (process $3) and prints its table.
measure() {
    local name="$1" port="$2" pid="$3" start now keys evicted used rss peak
    echo "  flooding $name..." >&2
    redis-benchmark -h 127.0.0.1 -p "$port" -t set -r "$keyspace" -d "$size" -n "$requests" -c "$clients" -P "$pipeline" -q \
        >"$work/bench-$name.txt" 2>&1 &
    bench_pid=$!
    start=$(date +%s.%N)
    echo
    echo "### $name: maxmemory $maxmemory, $policy"
    echo
    echo "| t (s) | keys | evicted_keys | used_memory (MB) | used_memory_rss (MB) | peak RSS (MB) |"
    echo "|------:|-----:|-------------:|-----------------:|---------------------:|--------------:|"
    while true; do
        local running=1
        kill -0 "$bench_pid" 2>/dev/null || running=0
        now=$(date +%s.%N)
        keys=$(redis-cli -p "$port" dbsize)
        evicted=$(info_field "$port" stats evicted_keys)
        used=$(info_field "$port" memory used_memory)
        rss=$(info_field "$port" memory used_memory_rss)
        peak=$(peak_rss "$pid")
        printf "| %5.0f | %s | %s | %s | %s | %s |\n" "$(awk -v a="$start" -v b="$now" 'BEGIN { print b - a }')" \
            "$keys" "$evicted" "$(mb "$used")" "$(mb "$rss")" "$(mb "$peak")"
        [[ $running -eq 1 ]] || break
        sleep 1
    done
    wait "$bench_pid" || true
    bench_pid=""
    echo
    echo "redis-benchmark: $(tr '\r' '\n' <"$work/bench-$name.txt" | grep -E 'requests per second' | tail -1 | sed 's/^ *//')"
    echo "final: $keys keys, used_memory $(mb "$used") MB, used_memory_rss $(mb "$rss") MB; peak RSS $(mb "$peak") MB"
}

# Starts server $1 (redis or ours) on a free port with extra arguments; sets port and server_pid.
start_server() {
    local name="$1"
    shift
    port="$(free_port)"
    if [[ $name == redis ]]; then
        (cd "$work" && exec redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no "$@") >"$work/redis.log" 2>&1 &
    else
        (cd "$work" && exec "${ours_command[@]}" --port "$port" --bind 127.0.0.1 --io-backend "$backend" --save '' "$@") \
            >"$work/ours.log" 2>&1 &
    fi
    server_pid=$!
    wait_for_pong "$port" "$name" || exit 1
}

stop_server() {
    stop_processes "$server_pid"
    server_pid=""
}

# The accuracy data sets as RESP for redis-cli --pipe, generated once into $work/<name>.resp.
generate_data_sets() {
    awk 'BEGIN { v = sprintf("%0100d", 0); for (i = 0; i < 500000; i++) { k = sprintf("key:%07d", i)
        printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$100\r\n%s\r\n", length(k), k, v } }' >"$work/strings.resp"
    local kind command
    for kind in hash list set zset; do
        case $kind in
            hash) command=HSET ;; list) command=RPUSH ;; set) command=SADD ;; zset) command=ZADD ;;
        esac
        awk -v kind="$kind" -v cmd="$command" 'BEGIN {
            for (i = 0; i < 1000; i++) {
                k = sprintf("%s:%04d", kind, i)
                for (b = 0; b < 500; b += 50) {
                    n = (kind == "hash" || kind == "zset") ? 100 : 50
                    printf "*%d\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", n + 2, length(cmd), cmd, length(k), k
                    for (j = b; j < b + 50; j++) {
                        e = sprintf("element:%05d", j)
                        if (kind == "zset") printf "$%d\r\n%d\r\n", length(j ""), j
                        printf "$%d\r\n%s\r\n", length(e), e
                        if (kind == "hash") printf "$10\r\nvalue:%04d\r\n", j
                    }
                }
            }
        }' >"$work/$kind.resp"
    done
}

# Loads each data set into a fresh server of each kind and prints used_memory's growth against the RSS's.
measure_accuracy() {
    generate_data_sets
    echo
    echo "| data set | server | used_memory growth (MB) | RSS growth (MB) | RSS growth / used_memory growth |"
    echo "|----------|--------|------------------------:|----------------:|--------------------------------:|"
    local set name used0 rss0 used1 rss1
    for set in strings hash list set zset; do
        for name in redis ours; do
            start_server "$name"
            used0=$(info_field "$port" memory used_memory)
            rss0=$(info_field "$port" memory used_memory_rss)
            redis-cli -p "$port" --pipe <"$work/$set.resp" >/dev/null
            sleep 1
            used1=$(info_field "$port" memory used_memory)
            rss1=$(info_field "$port" memory used_memory_rss)
            printf "| %s | %s | %s | %s | %.2f |\n" "$set" "$name" "$(mb $((used1 - used0)))" "$(mb $((rss1 - rss0)))" \
                "$(awk -v r=$((rss1 - rss0)) -v u=$((used1 - used0)) 'BEGIN { print r / u }')"
            stop_server
        done
    done
}

echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)),"
if [[ $accuracy -eq 1 ]]; then
    echo "$(redis-server --version | cut -d' ' -f1-3); used_memory against RSS, loads through redis-cli --pipe"
    measure_accuracy
    exit 0
fi
echo "$(redis-server --version | cut -d' ' -f1-3); redis-benchmark -t set -r $keyspace -d $size -n $requests -c $clients -P $pipeline"

start_server redis --maxmemory "$maxmemory" --maxmemory-policy "$policy"
measure redis "$port" "$server_pid"
stop_server
start_server ours --maxmemory "$maxmemory" --maxmemory-policy "$policy"
measure ours "$port" "$server_pid"
