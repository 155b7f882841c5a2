# A throwaway local registry (Debian's docker-registry) for the image
# tests. Source it after common.sh; do not run it.
#
# registry_start DIR: serve from DIR on 127.0.0.1 at a free port (the
# engine allows plain http to 127.0.0.0/8 registries). Sets REGISTRY
# (host:port) and REGISTRY_PID. registry_stop undoes it.

REGISTRY_BIN=${REGISTRY_BIN:-/usr/bin/docker-registry}

registry_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

registry_start() {
    local dir=$1 port i
    [ -x "$REGISTRY_BIN" ] || { echo "docker-registry not installed (Debian: docker-registry)" >&2; return 1; }
    port=$(registry_free_port) || return 1
    mkdir -p "$dir/data"
    cat >"$dir/config.yml" <<CONF
version: 0.1
storage:
  filesystem:
    rootdirectory: $dir/data
http:
  addr: 127.0.0.1:$port
log:
  level: error
CONF
    setsid "$REGISTRY_BIN" serve "$dir/config.yml" >"$dir/registry.log" 2>&1 </dev/null &
    REGISTRY_PID=$!
    REGISTRY=127.0.0.1:$port
    for i in $(seq 1 50); do
        curl -sf "http://$REGISTRY/v2/" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    echo "the registry did not answer on $REGISTRY; its log:" >&2
    cat "$dir/registry.log" >&2
    return 1
}

registry_stop() {
    if [ -n "${REGISTRY_PID:-}" ]; then
        kill "$REGISTRY_PID" 2>/dev/null
        wait "$REGISTRY_PID" 2>/dev/null
        REGISTRY_PID=
    fi
}
