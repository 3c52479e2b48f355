#!/usr/bin/env bash
# Does the loop stall while the keyspace grows? Loads N keys (default 5,000,000) into a fresh server with one
# `redis-cli --pipe` of SET commands, while a probe connection sends a PING every millisecond and times each reply.
# A hash table that resizes all at once (a plain Dictionary copies every entry when it grows) shows up as a probe
# stuck for tens of milliseconds at each doubling; an incremental rehash (Redis's dict, our KeyTable) does not.
#
#   scripts/keyspace-growth.sh [--keys N] [--value-size BYTES] [--aot] [--only ours|redis] [--no-build]
#
# The SET stream is generated once (keys key:00000000.., values of --value-size bytes, default 16) and sent to each
# server in turn, redis-server first, then ours (`--save ''`, free 127.0.0.1 ports), so the two never compete for
# the CPU. For each it prints the load time, the probe's PING count and its p50, p99, p99.9 and max latency,
# how many PINGs took over 10 ms, the longest command as the server itself timed it, and the server's RSS at the end;
# for ours also the garbage collections (INFO gc_gen0/1/2_collections) and their total pause, when the server reports
# them. --aot runs the Native AOT build.
#
# The probe is a client on a 2-core machine beside redis-cli and the server, so its figures include its own waits
# for a CPU. The "longest command" column does not: both servers run with `latency-monitor-threshold 1` and the
# column is the all-time max of LATENCY LATEST's `command` event (a collection that runs inside a command counts in
# that command's time). It misses a stall between commands, which only the probe sees.
#
# Needs: dotnet, redis-server, redis-cli, python3 (apt-get install redis-server redis-tools).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$repo/scripts/lib/servers.sh"
keys=5000000
value_size=16
aot=0
only=""
build=1

while [[ $# -gt 0 ]]; do
    case "$1" in
        --keys) keys="$2"; shift 2 ;;
        --value-size) value_size="$2"; shift 2 ;;
        --aot) aot=1; shift ;;
        --only) only="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        -h|--help) print_help "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "keyspace-growth.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
done

require_tools dotnet redis-server redis-cli python3 || exit 1

build_ours "$build" "$aot" || exit 1

work="$(mktemp -d)"
pid=""
probe_pid=""
cleanup() {
    stop_processes "$probe_pid" "$pid"
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "Generating $keys SET commands ($value_size-byte values)..." >&2
python3 - "$keys" "$value_size" >"$work/load.resp" <<'PYTHON'
import sys
keys, size = int(sys.argv[1]), int(sys.argv[2])
value = b"v" * size
head = b"*3\r\n$3\r\nSET\r\n$12\r\n"
tail = b"\r\n$%d\r\n%s\r\n" % (size, value)
out = sys.stdout.buffer
batch = []
for i in range(keys):
    batch.append(head + b"key:%08d" % i + tail)
    if len(batch) == 10000:
        out.write(b"".join(batch))
        batch.clear()
out.write(b"".join(batch))
PYTHON

# The probe: a PING every millisecond on its own connection until the stop file appears; one latency (µs) per line.
cat >"$work/probe.py" <<'PYTHON'
import os, socket, sys, time
port, stop, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
s = socket.create_connection(("127.0.0.1", port))
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
latencies = []
next_at = time.monotonic()
while not os.path.exists(stop):
    start = time.monotonic()
    s.sendall(b"PING\r\n")
    reply = b""
    while not reply.endswith(b"\r\n"):
        reply += s.recv(64)
    latencies.append((time.monotonic() - start) * 1e6)
    next_at += 0.001
    delay = next_at - time.monotonic()
    if delay > 0:
        time.sleep(delay)
    else:
        next_at = time.monotonic()
with open(out, "w") as f:
    f.write("\n".join(f"{v:.0f}" for v in latencies))
PYTHON

measure() {
    local name="$1" port start end
    port="$(free_port)"
    if [[ $name == ours ]]; then
        (cd "$work" && exec "${ours_command[@]}" --port "$port" --bind 127.0.0.1 --save '' --latency-monitor-threshold 1) >"$work/$name.log" 2>&1 &
    else
        (cd "$work" && exec redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --latency-monitor-threshold 1) >"$work/$name.log" 2>&1 &
    fi
    pid=$!
    wait_for_pong "$port" "$name" || exit 1
    rm -f "$work/stop"
    python3 "$work/probe.py" "$port" "$work/stop" "$work/$name.latencies" &
    probe_pid=$!
    sleep 0.5
    start="$(date +%s.%N)"
    redis-cli -p "$port" --pipe <"$work/load.resp" >"$work/$name.pipe" 2>&1
    end="$(date +%s.%N)"
    sleep 0.5
    touch "$work/stop"
    wait "$probe_pid"
    probe_pid=""
    local rss gc="" gcs longest
    rss="$(rss_mb "$pid")"
    # LATENCY LATEST: one array per event (name, time, latest ms, max ms); keep the command event's max.
    longest="$(redis-cli -p "$port" latency latest | awk 'prev == "command" {getline; getline; print; exit} {prev = $0}')"
    gcs="$(gc_counts "$port")"
    if [[ -n "$gcs" ]]; then
        gc="; GCs gen0/gen1/gen2 $gcs, pause $(info_field "$port" stats gc_pause_time_ms) ms"
    fi
    python3 - "$name" "$work/$name.latencies" "$(redis-cli -p "$port" dbsize)" "$start" "$end" "$rss" "$gc" "${longest:-0}" <<'PYTHON'
import sys
name, path, dbsize, start, end, rss, gc, longest = sys.argv[1:9]
v = sorted(float(x) for x in open(path).read().split())
q = lambda p: v[min(len(v) - 1, int(p * len(v)))] / 1000
print(f"| {name} | {int(dbsize):,} | {float(end) - float(start):.1f} s | {len(v):,} | {q(0.5):.2f} | {q(0.99):.2f} | "
      f"{q(0.999):.2f} | {v[-1] / 1000:.1f} | {sum(1 for x in v if x > 10000)} | {longest} | {rss} MB{gc} |")
PYTHON
    shutdown_server "$port"
}

echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $keys keys, $value_size-byte values, one redis-cli --pipe; PING every 1 ms"
echo
echo "| server | keys | load time | PINGs | p50 ms | p99 ms | p99.9 ms | max ms | PINGs > 10 ms | longest command ms | RSS at end |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
for name in redis ours; do
    [[ -n "$only" && "$only" != "$name" ]] && continue
    measure "$name"
done
