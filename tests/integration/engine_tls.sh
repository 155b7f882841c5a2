#!/usr/bin/env bash
# TLS for real: a second dockerd serving only tcp://127.0.0.1:PORT with
# --tlsverify and certificates made here (a CA, a server certificate for
# 127.0.0.1/localhost, a client certificate). Checks that DOCKER_HOST +
# DOCKER_TLS_VERIFY + DOCKER_CERT_PATH reach it (requests and a stream),
# that a TLS context from the store does too, and that a wrong CA, plain
# HTTP, a missing CA file and a missing port give clear errors.
#
# The second engine gets its own bridge: `--bridge none` would make dockerd
# delete the first engine's docker0 at start-up.
set -u
. "$BERTH_SRCDIR/tests/lib/common.sh"

probe=$BERTH_BUILDDIR/tests/bin/engine_probe
[ -x "$probe" ] || fail "engine_probe not built: $probe"
command -v openssl >/dev/null || fail "openssl not installed (Debian: openssl)"
command -v dockerd >/dev/null || fail "dockerd not installed (Debian: docker.io)"
unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_TLS DOCKER_CERT_PATH

d=$(mktemp -d /tmp/berth-t-tls-XXXXXX)
bridge=btls$$
dockerd_pid=""

cleanup() {
    if [ -n "$dockerd_pid" ] && kill -0 "$dockerd_pid" 2>/dev/null; then
        kill "$dockerd_pid"
        for _ in $(seq 1 100); do
            kill -0 "$dockerd_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "$dockerd_pid" 2>/dev/null && kill -9 "$dockerd_pid"
    fi
    ip link del "$bridge" 2>/dev/null
    rm -rf "$d"
}
trap cleanup EXIT

# value KEY TEXT: the value of a "key value" line.
value() {
    printf '%s\n' "$2" | sed -n "s/^$1 //p" | head -n 1
}

expect_eq() {
    [ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
    echo "ok: $1 = $2"
}

# expect_match WHAT TEXT GLOB
expect_match() {
    # shellcheck disable=SC2053
    [[ "$2" == $3 ]] || fail "$1: '$2' does not match '$3'"
    echo "ok: $1: $2"
}

# --- certificates ----------------------------------------------------------
mkdir -p "$d/pki" "$d/client" "$d/wrong" "$d/ca-only" "$d/emptycfg"
(
    set -e
    cd "$d/pki"
    # make_ca NAME: NAME-key.pem, NAME.pem
    make_ca() {
        openssl genrsa -out "$1-key.pem" 2048
        openssl req -x509 -new -key "$1-key.pem" -days 2 -subj "/CN=berth test $1" -out "$1.pem"
    }
    # sign NAME EXT: NAME-key.pem, NAME-cert.pem signed by ca
    sign() {
        openssl genrsa -out "$1-key.pem" 2048
        openssl req -new -key "$1-key.pem" -subj "/CN=$1" -out "$1.csr"
        printf '%s\n' "$2" >"$1.ext"
        openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2 \
            -extfile "$1.ext" -out "$1-cert.pem"
    }
    make_ca ca
    make_ca other
    sign server "$(printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth')"
    sign client "extendedKeyUsage=clientAuth"
) >"$d/openssl.log" 2>&1 || { cat "$d/openssl.log"; fail "openssl could not make the certificates"; }
cp "$d/pki/ca.pem" "$d/client/ca.pem"
cp "$d/pki/client-cert.pem" "$d/client/cert.pem"
cp "$d/pki/client-key.pem" "$d/client/key.pem"
cp "$d/pki/other.pem" "$d/wrong/ca.pem"
cp "$d/client/cert.pem" "$d/client/key.pem" "$d/wrong/"
cp "$d/pki/ca.pem" "$d/ca-only/ca.pem"

# --- the TLS engine --------------------------------------------------------------
# free_port: a loopback TCP port nothing listens on.
free_port() {
    local p
    for _ in $(seq 1 50); do
        p=$((20000 + RANDOM % 40000))
        if [ -z "$(ss -Htln "sport = :$p")" ]; then
            echo "$p"
            return 0
        fi
    done
    return 1
}
port=$(free_port) || fail "no free port"
ip link add "$bridge" type bridge || fail "cannot create bridge $bridge"
ip addr add 192.0.2.1/24 dev "$bridge"   # TEST-NET-1: clashes with nothing
ip link set "$bridge" up
setsid dockerd --tlsverify --tlscacert "$d/pki/ca.pem" --tlscert "$d/pki/server-cert.pem" \
    --tlskey "$d/pki/server-key.pem" -H "tcp://127.0.0.1:$port" \
    --data-root "$d/data" --exec-root "$d/exec" --pidfile "$d/docker.pid" \
    --bridge "$bridge" --iptables=false --ip-masq=false >"$d/dockerd.log" 2>&1 </dev/null &
dockerd_pid=$!
up=""
for _ in $(seq 1 120); do
    if curl -sf --cacert "$d/client/ca.pem" --cert "$d/client/cert.pem" --key "$d/client/key.pem" \
        "https://127.0.0.1:$port/_ping" >/dev/null 2>&1; then
        up=yes
        break
    fi
    kill -0 "$dockerd_pid" 2>/dev/null || break
    sleep 0.25
done
[ -n "$up" ] || { tail -n 20 "$d/dockerd.log"; fail "the TLS engine did not come up"; }
echo "TLS engine up on 127.0.0.1:$port"

tls_env=(DOCKER_HOST="tcp://127.0.0.1:$port" DOCKER_TLS_VERIFY=1 DOCKER_CONFIG="$d/emptycfg")

# --- verified TLS with the right CA ---------------------------------------------
out=$(env "${tls_env[@]}" DOCKER_CERT_PATH="$d/client" "$probe" ping) || fail "TLS ping: $out"
server_api=$(curl -s --cacert "$d/client/ca.pem" --cert "$d/client/cert.pem" \
    --key "$d/client/key.pem" "https://127.0.0.1:$port/version" | sed -n 's/.*"ApiVersion":"\([^"]*\)".*/\1/p')
want_api=$(printf '%s\n1.47\n' "$server_api" | sort -V | head -n 1)
expect_eq "TLS negotiated API" "$(value api "$out")" "$want_api"
expect_eq "TLS endpoint" "$(value endpoint "$out")" "tcp://127.0.0.1:$port"
expect_eq "TLS origin" "$(value origin "$out")" "DOCKER_HOST"
out=$(env "${tls_env[@]}" DOCKER_CERT_PATH="$d/client" "$probe" version) || fail "TLS version: $out"
expect_eq "TLS server version" "$(value version "$out")" "$(dockerd --version | sed 's/^Docker version \([^,]*\),.*/\1/')"
# A stream over TLS, cancelled from another thread.
out=$(env "${tls_env[@]}" DOCKER_CERT_PATH="$d/client" "$probe" cancel-idle) || fail "TLS stream: $out"
expect_eq "TLS stream cancelled" "$(value end_kind "$out")" "cancelled"
echo "measured: TLS idle stream cancel took $(value cancel_ms "$out") ms"

# --- wrong CA: a clear TLS error; without verification it connects ------------------
out=$(env "${tls_env[@]}" DOCKER_CERT_PATH="$d/wrong" "$probe" ping)
expect_match "wrong CA" "$out" "error tls 0 TLS with tcp://127.0.0.1:$port: the engine's certificate could not be verified*"
out=$(env DOCKER_HOST="tcp://127.0.0.1:$port" DOCKER_TLS=1 DOCKER_CERT_PATH="$d/wrong" "$probe" ping) \
    || fail "DOCKER_TLS without verify: $out"
expect_eq "DOCKER_TLS skips verification" "$(value api "$out")" "$want_api"

# --- no client certificate: the engine refuses us ---------------------------------
out=$(env "${tls_env[@]}" DOCKER_CERT_PATH="$d/ca-only" "$probe" ping)
expect_match "no client certificate" "$out" "error tls 0 TLS with tcp://127.0.0.1:$port*"

# --- missing CA file, plain HTTP, missing port ---------------------------------------
out=$(env "${tls_env[@]}" "$probe" ping)
expect_eq "CA defaults to the config dir" "$out" \
    "error tls 0 cannot read the TLS CA certificate $d/emptycfg/ca.pem: No such file or directory (from DOCKER_HOST)"
out=$(DOCKER_HOST="tcp://127.0.0.1:$port" "$probe" ping)
expect_match "plain HTTP to a TLS engine" "$out" "error http 400 *Client sent an HTTP request to an HTTPS server.*set DOCKER_TLS_VERIFY=1*"
out=$(DOCKER_HOST="tcp://127.0.0.1" DOCKER_TLS_VERIFY=1 "$probe" ping)
expect_match "missing port" "$out" "error usage 0 bad host URL \"tcp://127.0.0.1\": give the port explicitly, e.g. tcp://HOST:2375*from DOCKER_HOST)"

# --- a TLS context from the store --------------------------------------------------
cfg=$d/cfg
ctx=berth-t-tls-$$
DOCKER_CONFIG=$cfg $DOCKER context create "$ctx" \
    --docker "host=tcp://127.0.0.1:$port,ca=$d/client/ca.pem,cert=$d/client/cert.pem,key=$d/client/key.pem" \
    >/dev/null 2>"$d/context.err" || { cat "$d/context.err"; fail "docker context create failed"; }
out=$(DOCKER_CONFIG=$cfg DOCKER_CONTEXT=$ctx "$probe" ping) || fail "TLS context: $out"
expect_eq "TLS context origin" "$(value origin "$out")" "context $ctx"
expect_eq "TLS context API" "$(value api "$out")" "$want_api"
echo "engine TLS: all checks passed"
