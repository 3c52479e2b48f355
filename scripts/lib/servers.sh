# Helpers shared by the scripts that start our server and redis-server side by side (compare.sh, expiry-rss.sh,
# soak.sh, maxmemory-flood.sh, keyspace-growth.sh, gc-modes.sh, memory-per-key.sh). Sourced, not run: `source "$repo/scripts/lib/servers.sh"` after setting $repo.

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

# Waits until the server on <port> answers PING; after about 30 s says <name> did not start and returns 1.
wait_for_pong() {
    local port="$1" name="$2"
    for _ in $(seq 300); do
        if [[ "$(redis-cli -p "$port" ping 2>/dev/null)" == "PONG" ]]; then
            return 0
        fi
        sleep 0.1
    done
    echo "$name on port $port did not start" >&2
    return 1
}

# Builds the server binary in Release unless <build> is 0, and sets $server_dll to it (or fails if it is missing).
build_server() {
    local build="$1"
    if [[ $build -eq 1 ]]; then
        echo "Building our server (Release)..." >&2
        dotnet build -c Release "$repo/Engine/Host" -nologo -v quiet >&2
    fi
    server_dll="$repo/Engine/Host/bin/Release/net10.0/mini-redis-server.dll"
    [[ -f "$server_dll" ]] || { echo "$server_dll not found (build it or drop --no-build)" >&2; return 1; }
}

# Publishes the Native AOT build of the server into Engine/Host/bin/aot unless <build> is 0 (needs clang and
# zlib1g-dev, as `dotnet publish -p:PublishAot=true` does), and sets $server_bin to the native executable.
build_server_aot() {
    local build="$1"
    server_bin="$repo/Engine/Host/bin/aot/mini-redis-server"
    if [[ $build -eq 1 ]]; then
        echo "Publishing our server (Release, Native AOT)..." >&2
        dotnet publish "$repo/Engine/Host" -c Release -r linux-x64 -p:PublishAot=true -o "$repo/Engine/Host/bin/aot" \
            -nologo -v quiet >&2
    fi
    [[ -x "$server_bin" ]] || { echo "$server_bin not found (build it or drop --no-build)" >&2; return 1; }
}

# Builds our server unless <build> is 0, the Native AOT one when <aot> is 1 and the JIT one otherwise, and sets
# $ours_command to the command that runs it.
build_ours() {
    local build="$1" aot="$2"
    if [[ $aot -eq 1 ]]; then
        build_server_aot "$build" || return 1
        ours_command=("$server_bin")
    else
        build_server "$build" || return 1
        ours_command=(dotnet "$server_dll")
    fi
}

# Stops each of the given processes that is still running and reaps it; empty arguments are skipped.
stop_processes() {
    local p
    for p in "$@"; do
        if [[ -n "$p" ]]; then
            kill "$p" 2>/dev/null || true
            wait "$p" 2>/dev/null || true
        fi
    done
}

# For scripts that run one server at a time (expiry-rss.sh, memory-per-key.sh): makes a scratch directory $work,
# and on exit stops the server whose process id is in $pid, if any, and removes $work.
use_scratch_dir() {
    work="$(mktemp -d)"
    pid=""
    trap stop_and_clean EXIT
    trap 'exit 130' INT TERM
}

stop_and_clean() {
    stop_processes "$pid"
    rm -rf "$work"
}

# Shuts down the server on <port> (SHUTDOWN NOSAVE) and waits for its process to end: <pid> when given, else $pid,
# which is then cleared.
shutdown_server() {
    local target="${2:-$pid}"
    redis-cli -p "$1" shutdown nosave >/dev/null 2>&1 || true
    wait "$target" 2>/dev/null || true
    [[ $# -ge 2 ]] || pid=""
}

# Checks that each named command is on the PATH. For the first one missing, prints "<script>: <tool> is not
# installed" (the calling script's name) and returns 1; the caller chooses its exit status.
require_tools() {
    local script tool
    script="$(basename "${BASH_SOURCE[1]}")"
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { echo "$script: $tool is not installed" >&2; return 1; }
    done
}

# Prints a script's header comment (from line 2 to the first line that is not a comment) as its --help.
print_help() { awk 'NR > 1 { if (!/^#/) exit; sub(/^# ?/, ""); print }' "$1"; }

# One field of INFO <section> from the server on <port>, e.g. `info_field 6379 memory used_memory`.
info_field() { redis-cli -p "$1" info "$2" | tr -d '\r' | sed -n "s/^$3://p"; }

# The resident set of process <pid> (VmRSS), in kB and in whole MB.
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# Our server's collections so far as gen0/gen1/gen2 (INFO gc_gen*_collections); nothing for a server without them.
gc_counts() {
    local gen2
    gen2="$(info_field "$1" stats gc_gen2_collections)"
    [[ -n "$gen2" ]] && echo "$(info_field "$1" stats gc_gen0_collections)/$(info_field "$1" stats gc_gen1_collections)/$gen2"
    return 0
}
