#!/usr/bin/env bash
# Does the loop stall while the keyspace grows? Loads N keys (default 5,000,000) into a fresh server with one
# `redis-cli --pipe` of SET commands, while a probe connection sends a PING every millisecond and times each reply.
# A hash table that resizes all at once (a plain Dictionary copies every entry when it grows) shows up as a probe
# stuck for tens of milliseconds at each doubling; an incremental rehash (Redis's dict, our KeyTable) does not.
#
#   scripts/keyspace-growth.sh [--keys N] [--value-size BYTES] [--into set|hash|zset] [--aot] [--only ours|redis]
#                              [--no-build]
#
# --into grows one collection instead of the keyspace: N members go into the key `big` (SADD big m:00000000..,
# HSET big f:00000000.. with a --value-size value, or ZADD big I m:0000000I), and the keys column counts its
# members. That tests the collections' own hash table (Redis's dict again, our DenseDictionary), which must not
# stall either.
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
# column is the all-time max of LATENCY LATEST's `command` and `fast-command` events (a collection that runs inside
# a command counts in that command's time). It misses a stall between commands, which only the probe sees.
#
# Needs: dotnet, redis-server, redis-cli, python3 (apt-get install redis-server redis-tools).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$repo/scripts/lib/servers.sh"
keys=5000000
value_size=16
into=""
aot=0
only=""
build=1

while [[ $# -gt 0 ]]; do
    case "$1" in
        --keys) keys="$2"; shift 2 ;;
        --value-size) value_size="$2"; shift 2 ;;
        --into) into="$2"; shift 2 ;;
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

case "$into" in
    "") echo "Generating $keys SET commands ($value_size-byte values)..." >&2 ;;
    set|hash|zset) echo "Generating $keys members of one $into..." >&2 ;;
    *) echo "keyspace-growth.sh: --into takes set, hash or zset" >&2; exit 2 ;;
esac
python3 - "$keys" "$value_size" "$into" >"$work/load.resp" <<'PYTHON'
import sys
keys, size, into = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
value = b"v" * size
def bulk(b):
    return b"$%d\r\n%s\r\n" % (len(b), b)
def command(i):
    if into == "set":
        return b"*3\r\n" + bulk(b"SADD") + bulk(b"big") + bulk(b"m:%08d" % i)
    if into == "hash":
        return b"*4\r\n" + bulk(b"HSET") + bulk(b"big") + bulk(b"f:%08d" % i) + bulk(value)
    if into == "zset":
        return b"*4\r\n" + bulk(b"ZADD") + bulk(b"big") + bulk(b"%d" % i) + bulk(b"m:%08d" % i)
    return b"*3\r\n" + bulk(b"SET") + bulk(b"key:%08d" % i) + bulk(value)
out = sys.stdout.buffer
batch = []
for i in range(keys):
    batch.append(command(i))
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
    # LATENCY LATEST: one array per event (name, time, latest ms, max ms); keep the larger max of the command and
    # fast-command events (SET, SADD, HSET and ZADD are fast commands, which both servers log under fast-command).
    longest="$(redis-cli -p "$port" latency latest | awk '$0 == "command" || $0 == "fast-command" {getline; getline; getline; if ($0 + 0 > max) max = $0 + 0} END {print max + 0}')"
    gcs="$(gc_counts "$port")"
    if [[ -n "$gcs" ]]; then
        gc="; GCs gen0/gen1/gen2 $gcs, pause $(info_field "$port" stats gc_pause_time_ms) ms"
    fi
    local count
    case "$into" in
        set) count="$(redis-cli -p "$port" scard big)" ;;
        hash) count="$(redis-cli -p "$port" hlen big)" ;;
        zset) count="$(redis-cli -p "$port" zcard big)" ;;
        *) count="$(redis-cli -p "$port" dbsize)" ;;
    esac
    python3 - "$name" "$work/$name.latencies" "$count" "$start" "$end" "$rss" "$gc" "${longest:-0}" <<'PYTHON'
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
what="keys"
[[ -n "$into" ]] && what="members of one $into"
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $keys $what, $value_size-byte values, one redis-cli --pipe; PING every 1 ms"
echo
echo "| server | keys | load time | PINGs | p50 ms | p99 ms | p99.9 ms | max ms | PINGs > 10 ms | longest command ms | RSS at end |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
for name in redis ours; do
    [[ -n "$only" && "$only" != "$name" ]] && continue
    measure "$name"
done
