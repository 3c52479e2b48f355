# Helpers shared by the scripts that start our server and redis-server side by side (compare.sh, expiry-rss.sh,
# soak.sh, maxmemory-flood.sh). Sourced, not run: `source "$repo/scripts/lib/servers.sh"` after setting $repo.

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

# For scripts that run one server at a time (expiry-rss.sh, memory-per-key.sh): makes a scratch directory $work,
# and on exit stops the server whose process id is in $pid, if any, and removes $work.
use_scratch_dir() {
    work="$(mktemp -d)"
    pid=""
    trap stop_and_clean EXIT
    trap 'exit 130' INT TERM
}

stop_and_clean() {
    if [[ -n "$pid" ]]; then
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}

# Shuts down the server on <port> (SHUTDOWN NOSAVE) and waits for its process, $pid, to end.
shutdown_server() {
    redis-cli -p "$1" shutdown nosave >/dev/null 2>&1 || true
    wait "$pid" 2>/dev/null || true
    pid=""
}
