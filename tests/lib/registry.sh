# A throwaway local registry (Debian's docker-registry) for the image
# tests. Source it after common.sh; do not run it.
#
# registry_start DIR [HTPASSWD]: serve from DIR on 127.0.0.1 at a free
# port (the engine allows plain http to 127.0.0.0/8 registries). Sets
# REGISTRY (host:port) and REGISTRY_PID. registry_stop undoes it. With an
# htpasswd file (registry_htpasswd makes one) every request needs basic
# auth with one of its users.

REGISTRY_BIN=${REGISTRY_BIN:-/usr/bin/docker-registry}

registry_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# registry_htpasswd FILE USER PASSWORD: write a bcrypt htpasswd entry, the
# only hash docker-registry accepts. htpasswd (apache2-utils) when it is
# installed, else python3's crypt module ($2b$ from libcrypt).
registry_htpasswd() {
    local file=$1 user=$2 pass=$3
    if command -v htpasswd >/dev/null; then
        htpasswd -nbB "$user" "$pass" | sed '/^$/d' >"$file"
    else
        python3 -W ignore -c 'import crypt, sys
h = crypt.crypt(sys.argv[2], crypt.mksalt(crypt.METHOD_BLOWFISH))
if not h or not h.startswith("$2"):
    sys.exit("this libcrypt has no bcrypt")
print(sys.argv[1] + ":" + h)' "$user" "$pass" >"$file"
    fi
}

registry_start() {
    local dir=$1 htpasswd=${2:-} port i code
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
    [ -z "$htpasswd" ] || cat >>"$dir/config.yml" <<CONF
auth:
  htpasswd:
    realm: berth-test
    path: $htpasswd
CONF
    setsid "$REGISTRY_BIN" serve "$dir/config.yml" >"$dir/registry.log" 2>&1 </dev/null &
    REGISTRY_PID=$!
    REGISTRY=127.0.0.1:$port
    for i in $(seq 1 50); do
        # An open registry answers 200, one with auth 401: either is up.
        code=$(curl -s -o /dev/null -w '%{http_code}' "http://$REGISTRY/v2/" 2>/dev/null)
        [ "$code" = 200 ] || { [ -n "$htpasswd" ] && [ "$code" = 401 ]; } && return 0
        sleep 0.2
    done
    echo "the registry did not answer on $REGISTRY; its log:" >&2
    cat "$dir/registry.log" >&2
    return 1
}

# registry_build_image REF LABEL KIB DIR: build REF from a Dockerfile
# written in DIR: the test image plus one layer of KIB KiB of random data
# (so that a pull has something the engine cannot already have), labelled
# LABEL for the cleanup. Fails when docker build does.
registry_build_image() {
    local ref=$1 label=$2 kib=$3 dir=$4
    printf 'FROM %s\nRUN dd if=/dev/urandom of=/blob bs=1k count=%s 2>/dev/null\nLABEL %s\n' \
        "$BERTH_TEST_IMAGE" "$kib" "$label" >"$dir/Dockerfile"
    DOCKER_BUILDKIT=0 $DOCKER build -q -t "$ref" "$dir" >/dev/null 2>&1
}

registry_stop() {
    if [ -n "${REGISTRY_PID:-}" ]; then
        kill "$REGISTRY_PID" 2>/dev/null
        wait "$REGISTRY_PID" 2>/dev/null
        REGISTRY_PID=
    fi
}
