#!/usr/bin/env bash
# Side-by-side throughput: our server against a real redis-server, measured with redis-benchmark.
#
#   scripts/compare.sh [--rounds N] [--backend epoll|select] [--no-build] [--prefill ARGS]...
#                      [--subscribers N [--channel NAME]] [redis-benchmark options...]
#   scripts/compare.sh --blpop [--jobs N] [--consumers N] [--producers N] [--rounds N] [--backend ...] [--no-build]
#
# Builds our server in Release, starts it and `redis-server --save '' --appendonly no` on free 127.0.0.1 ports,
# then runs redis-benchmark against both, ALTERNATING (ours then redis on odd rounds, redis then ours on even
# rounds, so warm-up and machine noise fall on both sides), for N rounds (default 3). It prints a Markdown table:
# test | ours (median rps) | redis (median rps) | ours/redis, and the geometric mean of the ratios.
#
# redis-benchmark options pass through unchanged (-q is always added). Without any, the default suite runs with
# `-n 100000`. Examples:
#   scripts/compare.sh                                  # default suite, 100k requests per test
#   scripts/compare.sh -t ping,set,get -n 200000
#   scripts/compare.sh --rounds 5 -P 16 -n 1000000 -t set,get
#   scripts/compare.sh -c 1000 -n 200000 -t set,get
#   scripts/compare.sh -d 1024 -t set,get
#   scripts/compare.sh -t lpush,lrange,zadd,zpopmin                        # the data-type tests
#   scripts/compare.sh --prefill "-n 1000 -r 100000 ZADD myset __rand_int__ m:__rand_int__" \
#       -n 100000 ZRANGE myset 0 99 WITHSCORES                              # a custom command on prepared data
#   scripts/compare.sh --subscribers 100 -n 100000 PUBLISH chan hello      # PUBLISH fan-out to 100 subscribers
#
# --subscribers N attaches N subscribers of --channel (default "chan") to each server before measuring, with
# scripts/pubsub-subscribers.py (python3), which reads and discards every message so no output buffer grows.
# redis-benchmark does not check the PUBLISH replies; compare the "received" byte counts the helper prints at the
# end to see that both servers delivered the same.
#
#   scripts/compare.sh --blpop --jobs 100000 --consumers 50 --producers 10 # BLPOP/LPUSH round trips
#
# --blpop measures blocking pops instead of a redis-benchmark suite: one redis-benchmark runs --consumers clients
# that loop on "BLPOP <queue> 0" (--jobs requests in all); once they are all blocked, a second one runs
# --producers clients that "LPUSH <queue> job" --jobs times. Each push finds a consumer blocked (or one on its way
# back) and is served to it. Two figures per round: the producers' LPUSH rate, and the round trips per second,
# --jobs divided by the time from the first push until the last job was popped.
#
# Needs: dotnet, redis-server, redis-benchmark, redis-cli (apt-get install redis-server redis-tools).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=3
backend=epoll
build=1
bench_args=()
prefill=()
subscribers=0
channel=chan
declare -A subscriber_pid=()
blpop=0
jobs=100000
consumers=50
producers=10

while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --backend) backend="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        --prefill) prefill+=("$2"); shift 2 ;;
        --subscribers) subscribers="$2"; shift 2 ;;
        --channel) channel="$2"; shift 2 ;;
        --blpop) blpop=1; shift ;;
        --jobs) jobs="$2"; shift 2 ;;
        --consumers) consumers="$2"; shift 2 ;;
        --producers) producers="$2"; shift 2 ;;
        -h|--help) sed -n '2,45p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) bench_args+=("$1"); shift ;;
    esac
done
if [[ ${#bench_args[@]} -eq 0 ]]; then
    bench_args=(-n 100000)
fi

for tool in dotnet redis-server redis-benchmark redis-cli; do
    command -v "$tool" >/dev/null || { echo "compare.sh: $tool is not installed" >&2; exit 1; }
done

# A port nobody listens on: the kernel's pick for port 0 when python3 is there, else a random probed one.
free_port() {
    if command -v python3 >/dev/null; then
        python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
        return
    fi
    local port
    while true; do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
}

# Waits until a server answers PING, or fails after about 30 s.
wait_for_pong() {
    local port="$1" name="$2"
    for _ in $(seq 300); do
        if [[ "$(redis-cli -p "$port" ping 2>/dev/null)" == "PONG" ]]; then
            return 0
        fi
        sleep 0.1
    done
    echo "compare.sh: $name on port $port did not start" >&2
    exit 1
}

if [[ $build -eq 1 ]]; then
    echo "Building our server (Release)..." >&2
    dotnet build -c Release "$repo/Engine/Host" -nologo -v quiet >&2
fi
server_dll="$repo/Engine/Host/bin/Release/net10.0/mini-redis-server.dll"
[[ -f "$server_dll" ]] || { echo "compare.sh: $server_dll not found (build it or drop --no-build)" >&2; exit 1; }

work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ours_port="$(free_port)"
(cd "$work" && exec dotnet "$server_dll" --port "$ours_port" --bind 127.0.0.1 --io-backend "$backend" --save "") >"$work/ours.log" 2>&1 &
pids+=($!)
redis_port="$(free_port)"
(cd "$work" && exec redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no) >"$work/redis.log" 2>&1 &
pids+=($!)
wait_for_pong "$ours_port" "our server"
wait_for_pong "$redis_port" "redis-server"

# --prefill "<redis-benchmark args>": load the same data into both servers before measuring, e.g. a sorted set
# for a custom "ZRANGE myset 0 99 WITHSCORES" run. Repeatable; each runs once per server, unmeasured.
for args in "${prefill[@]}"; do
    for port in "$ours_port" "$redis_port"; do
        # shellcheck disable=SC2086 # the prefill string is a list of redis-benchmark arguments
        redis-benchmark -h 127.0.0.1 -p "$port" -q $args >/dev/null 2>&1
    done
done

# --subscribers N: N subscribers of the channel on each server, kept reading until the script exits.
if (( subscribers > 0 )); then
    command -v python3 >/dev/null || { echo "compare.sh: --subscribers needs python3" >&2; exit 1; }
    for target in ours redis; do
        if [[ $target == ours ]]; then port="$ours_port"; else port="$redis_port"; fi
        python3 "$repo/scripts/pubsub-subscribers.py" "$port" "$subscribers" "$channel" \
            >"$work/subscribers-$target.out" 2>"$work/subscribers-$target.err" &
        pids+=($!)
        subscriber_pid[$target]=$!
        for _ in $(seq 300); do
            grep -q ready "$work/subscribers-$target.out" 2>/dev/null && break
            sleep 0.1
        done
        grep -q ready "$work/subscribers-$target.out" || { echo "compare.sh: subscribers for $target did not start" >&2; exit 1; }
    done
fi

# One run: "<target>\t<test name>\t<rps>" per test, from the final -q lines ("SET: 123.45 requests per second, ...").
# A run that stops early (redis-benchmark exits at the first error reply) keeps the tests it finished and says why.
run_benchmark() {
    local target="$1" port="$2" status=0
    redis-benchmark -h 127.0.0.1 -p "$port" -q "${bench_args[@]}" >"$work/run.txt" 2>&1 || status=$?
    tr '\r' '\n' <"$work/run.txt" \
        | sed -n 's/^ *\(.*\): \([0-9.]*\) requests per second.*/\1\t\2/p' \
        | sed "s/^/$target\t/" >>"$work/results.tsv"
    if [[ $status -ne 0 ]]; then
        echo "    redis-benchmark exited with $status against $target:" >&2
        tr '\r' '\n' <"$work/run.txt" | grep -E 'Error|ERR|WARNING' | sed 's/^/      /' | head -5 >&2
    fi
}

fanout=""
if (( subscribers > 0 )); then fanout=", $subscribers subscribers of '$channel'"; fi
# Seconds since the epoch with nanoseconds, as a decimal for awk.
now() { date +%s.%N; }

# One --blpop run: consumers block in BLPOP, then producers LPUSH; appends the producers' LPUSH rate and the
# round trips per second (jobs / time from the first push to the last pop) to the results.
run_blpop() {
    local target="$1" port="$2" queue="compare_blpop_queue" consumer_pid start end blocked lpush
    redis-cli -p "$port" del "$queue" >/dev/null
    redis-benchmark -h 127.0.0.1 -p "$port" -q -c "$consumers" -n "$jobs" BLPOP "$queue" 0 >"$work/consumers.txt" 2>&1 &
    consumer_pid=$!
    for _ in $(seq 300); do
        blocked="$(redis-cli -p "$port" info clients | tr -d '\r' | sed -n 's/^blocked_clients://p')"
        [[ "${blocked:-0}" -ge "$consumers" ]] && break
        sleep 0.1
    done
    start="$(now)"
    redis-benchmark -h 127.0.0.1 -p "$port" -q -c "$producers" -n "$jobs" LPUSH "$queue" job >"$work/producers.txt" 2>&1
    wait "$consumer_pid"
    end="$(now)"
    lpush="$(tr '\r' '\n' <"$work/producers.txt" | sed -n 's/^ *LPUSH[^:]*: \([0-9.]*\) requests per second.*/\1/p' | tail -1)"
    printf '%s\tLPUSH to blocked consumers\t%s\n' "$target" "$lpush" >>"$work/results.tsv"
    awk -v t="$target" -v n="$jobs" -v s="$start" -v e="$end" \
        'BEGIN { printf "%s\tBLPOP round trips\t%.2f\n", t, n / (e - s) }' >>"$work/results.tsv"
}

if [[ $blpop -eq 1 ]]; then
    echo "Benchmarking BLPOP/LPUSH: $jobs jobs, $consumers consumers, $producers producers ($rounds rounds, alternating; io-backend=$backend)" >&2
else
    echo "Benchmarking: redis-benchmark -q ${bench_args[*]} ($rounds rounds, alternating; io-backend=$backend$fanout)" >&2
fi
for round in $(seq "$rounds"); do
    if (( round % 2 == 1 )); then order=(ours redis); else order=(redis ours); fi
    for target in "${order[@]}"; do
        echo "  round $round/$rounds: $target" >&2
        port="$redis_port"
        [[ $target == ours ]] && port="$ours_port"
        if [[ $blpop -eq 1 ]]; then run_blpop "$target" "$port"; else run_benchmark "$target" "$port"; fi
    done
done

echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)),"
if [[ $blpop -eq 1 ]]; then
    described="BLPOP/LPUSH ($jobs jobs, $consumers consumers, $producers producers)"
else
    described="redis-benchmark -q ${bench_args[*]}"
fi
echo "$(redis-server --version | cut -d' ' -f1-3), $described, median of $rounds rounds, io-backend=$backend$fanout"
echo
# Medians per test and target, in the order the tests ran, then the ratio and the geometric mean of the ratios.
awk -F '\t' '
    function median(list,    n, v, i, j, t) {
        n = split(list, v, " ")
        for (i = 2; i <= n; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] + 0 > t + 0; j--) v[j + 1] = v[j]; v[j + 1] = t }
        return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    }
    !($2 in seen) { seen[$2] = 1; order[++count] = $2 }
    { values[$1, $2] = values[$1, $2] " " $3 }
    END {
        printf "| %-36s | %14s | %14s | %10s |\n", "test", "ours (rps)", "redis (rps)", "ours/redis"
        printf "|%s|%s|%s|%s|\n", "--------------------------------------", "---------------:", "---------------:", "-----------:"
        for (i = 1; i <= count; i++) {
            test = order[i]
            ours = (("ours", test) in values) ? median(values["ours", test]) : ""
            redis = (("redis", test) in values) ? median(values["redis", test]) : ""
            if (ours != "" && redis != "" && redis > 0 && ours > 0) {
                ratio = ours / redis; logsum += log(ratio); ratios++
                printf "| %-36s | %14.0f | %14.0f | %10.2f |\n", test, ours, redis, ratio
            } else {
                printf "| %-36s | %14s | %14s | %10s |\n", test, ours == "" ? "-" : sprintf("%.0f", ours), redis == "" ? "-" : sprintf("%.0f", redis), "-"
            }
        }
        if (ratios > 0) printf "\nGeometric mean of ours/redis over %d tests: %.2f\n", ratios, exp(logsum / ratios)
    }' "$work/results.tsv"
if (( subscribers > 0 )); then
    # Stop the subscribers so they report what they received (the same on both sides when every message arrived).
    echo
    for target in ours redis; do
        kill "${subscriber_pid[$target]}" 2>/dev/null || true
        wait "${subscriber_pid[$target]}" 2>/dev/null || true
        echo "$target: $(cat "$work/subscribers-$target.err")"
    done
fi
