#!/usr/bin/env bash
# Soak test: our server (Release build) holding 10,000 idle connections under mixed redis-benchmark load.
#
#   scripts/soak.sh [--seconds 300] [--idle 10000] [--interval 10] [--clients 50] [--out DIR] [--no-build]
#
# Raises the open-files limit to the hard limit, starts the server on a free 127.0.0.1 port (maxclients 20000),
# opens the idle connections (each checked with a PING, then left alone), and runs redis-benchmark in a loop of
# mixed sets (plain, pipelined, 1 KB values, data-type commands with random keys) until the time is up. A sampler
# records every --interval seconds, into DIR/samples.csv:
#   elapsed_s, unix_s, rss_kb (VmRSS of the server), used_memory, connected_clients, p50_us/p99_us/max_us (PINGs from a
#   probe connection every 10 ms during the interval), ops_per_sec, total_commands, idle_checked, idle_failed
#   (200 idle connections, in rotation, must still answer PING; a failed probe PING counts too),
#   rejected_connections, error_replies
# and every redis-benchmark run lands in DIR/benchmark.csv (rps and p99 per test); DIR/rounds.csv says when each
# complete round ended. The end: a summary with each round's lowest RSS and used_memory (the trough after a
# garbage collection: what is live, not what awaits collection), their growth from the second round (the first
# fills the dataset) to the last, the worst p99, the idle connections still answering (all of them are checked
# again), and every error. Exits 1 on errors or lost idle connections.
#
# The dataset stays bounded: random keys come from -r 100000, every string value is 1 KB, and the list LRANGE
# fills is deleted after each round, so growth after the first round is the server's own memory, not data.
# Needs dotnet, redis-benchmark, redis-cli and python3.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$repo/scripts/lib/servers.sh"
seconds="${SOAK_SECONDS:-300}"
idle=10000
interval=10
clients=50
out="$repo/artifacts/soak"
build=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --idle) idle="$2"; shift 2 ;;
        --interval) interval="$2"; shift 2 ;;
        --clients) clients="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        -h|--help) print_help "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "soak.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
require_tools dotnet redis-benchmark redis-cli python3 || exit 2

# Every idle connection is a descriptor in the server and in the holder: allow what the hard limit allows, as
# redis-server does at start-up (adjustOpenFilesLimit).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if (( $(ulimit -n) < idle + 256 )); then
    echo "soak.sh: the open-files limit is $(ulimit -n); $idle idle connections need $((idle + 256)) (raise the hard limit or use --idle)" >&2
    exit 2
fi

build_server "$build" || exit 2
mkdir -p "$out"
rm -f "$out"/*.csv "$out"/*.txt "$out"/stop "$out"/ready

# The background jobs (the server and the sampler) end with the script, however it ends.
trap 'kill $(jobs -p) 2>/dev/null; wait' EXIT
trap 'exit 130' INT TERM

port="$(free_port)"
dotnet "$server_dll" --port "$port" --bind 127.0.0.1 --maxclients 20000 --loglevel warning --save '' \
    >"$out/server.log" 2>&1 &
server_pid=$!
wait_for_pong "$port" "soak.sh: the server" || exit 2
echo "soak.sh: server pid $server_pid on port $port; ${seconds}s, $idle idle connections, samples every ${interval}s" >&2

# The idle-connection holder and sampler. It writes "ready" to $out/ready once every idle connection answered,
# samples until $out/stop appears, then checks every idle connection again and writes the summary line.
python3 - "$port" "$server_pid" "$idle" "$interval" "$out" >"$out/sampler.log" 2>&1 <<'PYTHON' &
import os, socket, sys, time

port, server_pid, idle, interval, out = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]

def ping(sock, timeout=5.0):
    sock.settimeout(timeout)
    sock.sendall(b"PING\r\n")
    reply = b""
    while not reply.endswith(b"\r\n"):
        chunk = sock.recv(64)
        if not chunk:
            raise ConnectionError("closed")
        reply += chunk
    if reply != b"+PONG\r\n":
        raise ConnectionError(reply[:80])

def info(sock):
    sock.settimeout(5.0)
    sock.sendall(b"*1\r\n$4\r\nINFO\r\n")
    data = b""
    while b"\r\n" not in data:
        data += sock.recv(65536)
    header, rest = data.split(b"\r\n", 1)
    length = int(header[1:])
    while len(rest) < length + 2:
        rest += sock.recv(65536)
    fields = {}
    for line in rest[:length].decode().splitlines():
        if ":" in line and not line.startswith("#"):
            key, value = line.split(":", 1)
            fields[key] = value
    return fields

def rss_kb():
    with open(f"/proc/{server_pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1

def percentile(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p))] if sorted_values else -1

conns = []
for i in range(idle):
    sock = socket.create_connection(("127.0.0.1", port))
    ping(sock)
    conns.append(sock)
open(os.path.join(out, "ready"), "w").close()

probe = socket.create_connection(("127.0.0.1", port))
started = time.monotonic()
cursor = 0
with open(os.path.join(out, "samples.csv"), "w") as csv:
    csv.write("elapsed_s,unix_s,rss_kb,used_memory,connected_clients,p50_us,p99_us,max_us,ops_per_sec,total_commands,"
              "idle_checked,idle_failed,rejected_connections,error_replies\n")
    while not os.path.exists(os.path.join(out, "stop")):
        latencies = []
        probe_failed = 0
        deadline = time.monotonic() + interval
        while time.monotonic() < deadline:
            t = time.perf_counter()
            try:
                ping(probe)
                latencies.append((time.perf_counter() - t) * 1e6)
            except Exception:
                probe_failed += 1
                probe = socket.create_connection(("127.0.0.1", port))
            time.sleep(0.01)
        failed = 0
        for _ in range(min(200, idle)):
            try:
                ping(conns[cursor % idle])
            except Exception:
                failed += 1
            cursor += 1
        fields = info(probe)
        latencies.sort()
        csv.write(f"{time.monotonic() - started:.0f},{time.time():.0f},{rss_kb()},{fields.get('used_memory', -1)},"
                  f"{fields.get('connected_clients', -1)},{percentile(latencies, 0.50):.0f},"
                  f"{percentile(latencies, 0.99):.0f},{latencies[-1] if latencies else -1:.0f},"
                  f"{fields.get('instantaneous_ops_per_sec', -1)},{fields.get('total_commands_processed', -1)},"
                  f"{min(200, idle)},{failed + probe_failed},{fields.get('rejected_connections', -1)},"
                  f"{fields.get('total_error_replies', -1)}\n")
        csv.flush()

alive = 0
for sock in conns:
    try:
        ping(sock)
        alive += 1
    except Exception:
        pass
with open(os.path.join(out, "idle-final.txt"), "w") as final:
    final.write(f"{alive} {idle}\n")
PYTHON
sampler_pid=$!
for _ in $(seq 1800); do
    [[ -e "$out/ready" ]] && break
    kill -0 "$sampler_pid" 2>/dev/null || { cat "$out/sampler.log" >&2; echo "soak.sh: the idle-connection holder failed" >&2; exit 1; }
    sleep 0.1
done
rm -f "$out/ready"
echo "soak.sh: $idle idle connections open ($(redis-cli -p "$port" info clients | tr -d '\r' | grep '^connected_clients'))" >&2

# Mixed load, round after round, each run cut off when the time is up.
# Every string value is 1 KB, so a key keeps its size whichever set wrote it last, and the dataset stops growing
# once the 100,000 random keys have all been written (during the first round).
sets=(
    "-t set,get,incr -d 1024 -r 100000"
    "-t set,get -P 16 -d 1024 -r 100000"
    "-t lpush,rpush,lpop,rpop,sadd,hset,spop,zadd,zpopmin -P 8 -r 100000"
    "-t lrange_100,mset -d 1024 -r 100000"
    "-t ping_inline,ping_mbulk -P 32"
)
echo '"round","test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"' >"$out/benchmark.csv"
deadline=$((SECONDS + seconds))
round=0
bench_errors=0
echo "round,unix_s" >"$out/rounds.csv"
while (( SECONDS < deadline )); do
    round=$((round + 1))
    complete=1
    for args in "${sets[@]}"; do
        left=$((deadline - SECONDS))
        (( left > 0 )) || { complete=0; break; }
        status=0
        # shellcheck disable=SC2086 # each set is a list of redis-benchmark arguments
        timeout -s INT "$left" redis-benchmark -h 127.0.0.1 -p "$port" -c "$clients" -n 200000 --csv $args \
            >"$out/run.csv" 2>"$out/run.err" || status=$?
        tail -n +2 "$out/run.csv" | sed "s/^/\"$round\",/" >>"$out/benchmark.csv"
        # A run cut off by the deadline ends with 124 (or 130 from its own SIGINT handling); anything else failed.
        if [[ $status -ne 0 && $status -ne 124 && $status -ne 130 ]] || grep -qE 'Error|ERR' "$out/run.err"; then
            bench_errors=$((bench_errors + 1))
            { echo "round $round ($args): exit $status"; head -5 "$out/run.err"; } >>"$out/benchmark-errors.txt"
        fi
    done
    redis-cli -p "$port" del mylist >/dev/null
    # Every complete round does the same work, so the memory it leaves live should level off.
    if [[ $complete -eq 1 && $status -ne 124 && $status -ne 130 ]]; then
        echo "$round,$(date +%s)" >>"$out/rounds.csv"
    fi
done
touch "$out/stop"
wait "$sampler_pid" || true

# Summary: each round's memory troughs and their growth, latency, idle connections, errors.
python3 - "$out" "$bench_errors" "$seconds" "$idle" <<'PYTHON' | tee "$out/summary.txt"
import csv, os, sys
out, bench_errors, seconds, idle = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
rows = list(csv.DictReader(open(os.path.join(out, "samples.csv"))))
rounds = list(csv.DictReader(open(os.path.join(out, "rounds.csv"))))
if not rows:
    print("no samples"); sys.exit(1)
last = rows[-1]
def mb(kb): return int(kb) / 1024
alive, total = map(int, open(os.path.join(out, "idle-final.txt")).read().split())
p99 = [int(r["p99_us"]) for r in rows]
idle_failed = sum(int(r["idle_failed"]) for r in rows)
bench = list(csv.DictReader(open(os.path.join(out, "benchmark.csv"))))
print(f"duration {seconds}s, {len(rows)} samples, {len(rounds)} complete rounds, {len(bench)} benchmark results, {idle} idle connections")
print(f"RSS: first sample {mb(rows[0]['rss_kb']):.0f} MB, last {mb(last['rss_kb']):.0f} MB, max {max(mb(r['rss_kb']) for r in rows):.0f} MB")
# Each round's troughs: the lowest RSS and used_memory sampled while it ran.
troughs, start = [], 0
for r in rounds:
    window = [s for s in rows if start < int(s["unix_s"]) <= int(r["unix_s"])]
    start = int(r["unix_s"])
    if window:
        troughs.append((r["round"], min(int(s["rss_kb"]) for s in window), min(int(s["used_memory"]) for s in window)))
print("lowest RSS / used_memory (MB) per round: " + ", ".join(f"{n}: {mb(rss):.0f}/{used / 1048576:.0f}" for n, rss, used in troughs))
if len(troughs) >= 3:
    (n0, rss0, used0), (n1, rss1, used1) = troughs[1], troughs[-1]
    print(f"growth of the troughs from round {n0} to round {n1}: RSS {(rss1 - rss0) / rss0 * 100:+.1f}%, used_memory {(used1 - used0) / used0 * 100:+.1f}%")
print(f"probe PING latency: p99 per interval median {sorted(p99)[len(p99) // 2]} us, worst {max(p99)} us; worst single {max(int(r['max_us']) for r in rows)} us")
bench_p99 = sorted(float(r["p99_latency_ms"]) for r in bench)
if bench_p99:
    print(f"redis-benchmark p99 per run: median {bench_p99[len(bench_p99) // 2]:.2f} ms, worst {bench_p99[-1]:.2f} ms")
print(f"connected_clients: min {min(int(r['connected_clients']) for r in rows)}, max {max(int(r['connected_clients']) for r in rows)}")
print(f"idle connections: {idle_failed} failed rotation checks; {alive} of {total} answer PING at the end")
print(f"rejected_connections {last['rejected_connections']}, error replies {last['error_replies']}, benchmark errors {bench_errors}")
print(f"commands processed {last['total_commands']}; load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
sys.exit(0 if bench_errors == 0 and idle_failed == 0 and alive == total and last["error_replies"] in ("0", "-1") else 1)
PYTHON
