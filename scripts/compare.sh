#!/usr/bin/env bash
# Side-by-side throughput: our server against a real redis-server, measured with redis-benchmark.
#
#   scripts/compare.sh [--rounds N] [--backend epoll|select] [--no-build] [--aot] [--pin] [--prefill ARGS]...
#                      [--subscribers N [--channel NAME]] [redis-benchmark options...]
#   scripts/compare.sh --blpop [--jobs N] [--consumers N] [--producers N] [--rounds N] [--backend ...] [--no-build]
#
# Builds our server in Release, starts it and `redis-server --save '' --appendonly no` on free 127.0.0.1 ports,
# then runs redis-benchmark against both, ALTERNATING (ours then redis on odd rounds, redis then ours on even
# rounds, so warm-up and machine noise fall on both sides), for N rounds (default 3). It prints a Markdown table:
# test | ours (median rps) | redis (median rps) | ours/redis | both servers' median p99 latency, then the geometric
# mean of the ratios and each server's CPU time per request (utime + stime from /proc/PID/stat around each
# redis-benchmark run, divided by the requests it made; the median over the rounds). On a small machine
# redis-benchmark itself can be the bottleneck (it is single-threaded and shares the cores): then both servers
# reach about the same rps, and the CPU per request is the figure that still tells them apart. The last lines say
# how busy each server and redis-benchmark were (CPU time over run time; 100% is one whole core), and how much of
# the machine's CPU time the hypervisor took away (steal, from /proc/stat) during each server's runs: on a VM, steal
# stalls a server at random and moves p99 more than anything the server does.
#
# --aot runs the Native AOT build of our server (dotnet publish -p:PublishAot=true, built into
# Engine/Host/bin/aot unless --no-build) instead of the JIT one. --pin runs both servers on CPU 0 and
# redis-benchmark on CPU 1 (taskset), so the client never competes with the server for a core.
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
source "$repo/scripts/lib/servers.sh"
rounds=3
backend=epoll
build=1
bench_args=()
prefill=()
subscribers=0
channel=chan
declare -A subscriber_pid=()
blpop=0
aot=0
pin=0
jobs=100000
consumers=50
producers=10

while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --backend) backend="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        --aot) aot=1; shift ;;
        --pin) pin=1; shift ;;
        --prefill) prefill+=("$2"); shift 2 ;;
        --subscribers) subscribers="$2"; shift 2 ;;
        --channel) channel="$2"; shift 2 ;;
        --blpop) blpop=1; shift ;;
        --jobs) jobs="$2"; shift 2 ;;
        --consumers) consumers="$2"; shift 2 ;;
        --producers) producers="$2"; shift 2 ;;
        -h|--help) print_help "${BASH_SOURCE[0]}"; exit 0 ;;
        *) bench_args+=("$1"); shift ;;
    esac
done
if [[ ${#bench_args[@]} -eq 0 ]]; then
    bench_args=(-n 100000)
fi

require_tools dotnet redis-server redis-benchmark redis-cli || exit 1

build_ours "$build" "$aot" || exit 1
pin_server=()
pin_client=()
if [[ $pin -eq 1 ]]; then
    command -v taskset >/dev/null || { echo "compare.sh: --pin needs taskset (util-linux)" >&2; exit 1; }
    pin_server=(taskset -c 0)
    pin_client=(taskset -c 1)
fi

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
(cd "$work" && exec "${pin_server[@]}" "${ours_command[@]}" --port "$ours_port" --bind 127.0.0.1 --io-backend "$backend" --save "") >"$work/ours.log" 2>&1 &
pids+=($!)
ours_pid=$!
redis_port="$(free_port)"
(cd "$work" && exec "${pin_server[@]}" redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no) >"$work/redis.log" 2>&1 &
pids+=($!)
redis_pid=$!
wait_for_pong "$ours_port" "our server" || exit 1
wait_for_pong "$redis_port" "redis-server" || exit 1

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
# Requests per test: redis-benchmark's -n (100000 when not given).
requests_per_test=100000
for ((i = 0; i < ${#bench_args[@]}; i++)); do
    [[ ${bench_args[$i]} == -n ]] && requests_per_test="${bench_args[$((i + 1))]}"
done

# CPU time (user + system, in clock ticks) a process has used so far: fields 14 and 15 of /proc/PID/stat.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# The machine's CPU time so far, as "steal total" in clock ticks (the first line of /proc/stat: user nice system idle
# iowait irq softirq steal ...). Steal is time the hypervisor gave this VM's CPUs to someone else: a server that
# loses its CPU for 10 ms stalls every request in flight, so a run with more steal has a worse p99 whatever the server.
machine_ticks() { awk '/^cpu / { print $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9; exit }' /proc/stat; }

# CPU seconds (user + system) used so far by this shell's finished children: the second line of `times`. `times`
# has to run in this shell (in a $(...) subshell it would see that subshell's children), so it writes a file.
record_children_cpu() { times >"$work/times.txt"; }
children_cpu() { tail -1 "$work/times.txt" | awk '{ split($1, u, /[ms]/); split($2, s, /[ms]/); print u[1] * 60 + u[2] + s[1] * 60 + s[2] }'; }

# One redis-benchmark run in CSV form; appends "target test rps p99_ms" rows to results.tsv, and the server's CPU
# time per request, how busy the server and redis-benchmark were and the run's steal share to cpu.tsv.
run_benchmark() {
    local target="$1" port="$2" pid="$3" status=0 before after tests client_before client_after start end machine_before machine_after
    before="$(cpu_ticks "$pid")"
    machine_before="$(machine_ticks)"
    record_children_cpu
    client_before="$(children_cpu)"
    start="$(date +%s.%N)"
    "${pin_client[@]}" redis-benchmark -h 127.0.0.1 -p "$port" --csv "${bench_args[@]}" >"$work/run.csv" 2>"$work/run.err" || status=$?
    end="$(date +%s.%N)"
    record_children_cpu
    client_after="$(children_cpu)"
    after="$(cpu_ticks "$pid")"
    machine_after="$(machine_ticks)"
    # "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
    tr -d '\r' <"$work/run.csv" | awk -F '","' -v t="$target" \
        'NR > 1 && NF >= 7 { sub(/^"/, "", $1); printf "%s\t%s\t%s\t%s\n", t, $1, $2, $7 }' >>"$work/results.tsv"
    tests="$(tr -d '\r' <"$work/run.csv" | awk -F '","' 'NR > 1 && NF >= 7' | wc -l)"
    if (( tests > 0 )); then
        awk -v t="$target" -v ticks="$((after - before))" -v hz="$(getconf CLK_TCK)" -v n="$((tests * requests_per_test))" \
            -v client="$(awk -v a="$client_before" -v b="$client_after" 'BEGIN { print b - a }')" \
            -v wall="$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" \
            -v machine="$machine_before $machine_after" \
            'BEGIN { split(machine, m, " "); steal = m[4] > m[2] ? (m[3] - m[1]) / (m[4] - m[2]) : 0
                     printf "%s\t%.3f\t%.3f\t%.3f\t%.4f\n", t, ticks * 1e6 / hz / n, ticks / hz / wall, client / wall, steal }' >>"$work/cpu.tsv"
    fi
    if [[ $status -ne 0 ]]; then
        echo "    redis-benchmark exited with $status against $target:" >&2
        cat "$work/run.csv" "$work/run.err" | tr '\r' '\n' | grep -E 'Error|ERR|WARNING' | sed 's/^/      /' | head -5 >&2
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
    echo "Benchmarking: redis-benchmark ${bench_args[*]} ($rounds rounds, alternating; io-backend=$backend$fanout)" >&2
fi
: >"$work/cpu.tsv"
for round in $(seq "$rounds"); do
    if (( round % 2 == 1 )); then order=(ours redis); else order=(redis ours); fi
    for target in "${order[@]}"; do
        echo "  round $round/$rounds: $target" >&2
        port="$redis_port"
        pid="$redis_pid"
        if [[ $target == ours ]]; then port="$ours_port"; pid="$ours_pid"; fi
        if [[ $blpop -eq 1 ]]; then run_blpop "$target" "$port"; else run_benchmark "$target" "$port" "$pid"; fi
    done
done

echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)),"
if [[ $blpop -eq 1 ]]; then
    described="BLPOP/LPUSH ($jobs jobs, $consumers consumers, $producers producers)"
else
    described="redis-benchmark ${bench_args[*]}"
fi
build_kind=JIT
[[ $aot -eq 1 ]] && build_kind="Native AOT"
placement="sharing both cores"
[[ $pin -eq 1 ]] && placement="servers pinned to CPU 0, redis-benchmark to CPU 1"
echo "$(redis-server --version | cut -d' ' -f1-3), $described, median of $rounds rounds, io-backend=$backend$fanout,"
echo "ours: $build_kind build; $placement"
echo
# Medians per test and target, in the order the tests ran, then the ratio and the geometric mean of the ratios.
awk -F '\t' '
    function median(list,    n, v, i, j, t) {
        n = split(list, v, " ")
        for (i = 2; i <= n; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] + 0 > t + 0; j--) v[j + 1] = v[j]; v[j + 1] = t }
        return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    }
    function shown(list, format) { return list == "" ? "-" : sprintf(format, median(list)) }
    FILENAME ~ /cpu.tsv$/ { cpu[$1] = cpu[$1] " " $2; busy[$1] = busy[$1] " " $3; client[$1] = client[$1] " " $4; steal[$1] = steal[$1] " " $5; next }
    !($2 in seen) { seen[$2] = 1; order[++count] = $2 }
    { values[$1, $2] = values[$1, $2] " " $3; if ($4 != "") p99[$1, $2] = p99[$1, $2] " " $4 }
    END {
        printf "| %-36s | %12s | %12s | %10s | %10s | %10s |\n", "test", "ours (rps)", "redis (rps)", "ours/redis", "ours p99", "redis p99"
        printf "|%s|%s|%s|%s|%s|%s|\n", "--------------------------------------", "-------------:", "-------------:", "-----------:", "-----------:", "-----------:"
        for (i = 1; i <= count; i++) {
            test = order[i]
            ours = (("ours", test) in values) ? median(values["ours", test]) : ""
            redis = (("redis", test) in values) ? median(values["redis", test]) : ""
            ratio = "-"
            if (ours != "" && redis != "" && redis > 0 && ours > 0) {
                ratio = sprintf("%.2f", ours / redis); logsum += log(ours / redis); ratios++
            }
            printf "| %-36s | %12s | %12s | %10s | %10s | %10s |\n", test, ours == "" ? "-" : sprintf("%.0f", ours),
                redis == "" ? "-" : sprintf("%.0f", redis), ratio, shown(p99["ours", test], "%.3f ms"), shown(p99["redis", test], "%.3f ms")
        }
        if (ratios > 0) printf "\nGeometric mean of ours/redis over %d tests: %.2f\n", ratios, exp(logsum / ratios)
        if (cpu["ours"] != "" && cpu["redis"] != "")
            printf "Server CPU per request (median of rounds): ours %.2f us, redis %.2f us, ours/redis %.2f\n",
                median(cpu["ours"]), median(cpu["redis"]), median(cpu["ours"]) / median(cpu["redis"])
        if (client["ours"] != "" && client["redis"] != "")
            printf "Busy (CPU time / run time, median): ours %.0f%% with redis-benchmark at %.0f%%; redis %.0f%% with redis-benchmark at %.0f%%\n",
                100 * median(busy["ours"]), 100 * median(client["ours"]), 100 * median(busy["redis"]), 100 * median(client["redis"])
        if (steal["ours"] != "" && steal["redis"] != "")
            printf "Steal (CPU time the hypervisor took, share of the machine during the runs, median): ours %.1f%%, redis %.1f%%\n",
                100 * median(steal["ours"]), 100 * median(steal["redis"])
    }' "$work/results.tsv" "$work/cpu.tsv"
if (( subscribers > 0 )); then
    # Stop the subscribers so they report what they received (the same on both sides when every message arrived).
    echo
    for target in ours redis; do
        stop_processes "${subscriber_pid[$target]}"
        echo "$target: $(cat "$work/subscribers-$target.err")"
    done
fi
