#!/usr/bin/env bash
# Endpoint selection through a context store written by `docker context
# create` in a temporary DOCKER_CONFIG: a context reaching the engine's
# socket and one pointing at a socket that does not exist (so an error
# naming its path proves which one was used). Checks DOCKER_CONTEXT,
# config.json currentContext (`docker context use`), and the precedence
# --context > -H > DOCKER_HOST > DOCKER_CONTEXT > currentContext.
set -u
. "$BERTH_SRCDIR/tests/lib/common.sh"

probe=$BERTH_BUILDDIR/tests/bin/engine_probe
[ -x "$probe" ] || fail "engine_probe not built: $probe"
unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_TLS DOCKER_CERT_PATH

cfg=$(mktemp -d /tmp/berth-t-ctx-XXXXXX)
trap 'rm -rf "$cfg"' EXIT
export DOCKER_CONFIG=$cfg
good=berth-t-ctx-good-$$
bad=berth-t-ctx-bad-$$
badsock=/nonexistent-berth-ctx-$$.sock
hostsock=/nonexistent-berth-host-$$.sock

value() {
    printf '%s\n' "$2" | sed -n "s/^$1 //p" | head -n 1
}

expect_eq() {
    [ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
    echo "ok: $1 = $2"
}

# reaches WHAT ORIGIN [env/args...]: the probe pings the engine via ORIGIN.
reaches() {
    local what=$1 origin=$2 out
    shift 2
    out=$(env "$@" 2>&1) || fail "$what: $out"
    expect_eq "$what: origin" "$(value origin "$out")" "$origin"
    expect_eq "$what: endpoint" "$(value endpoint "$out")" "unix:///var/run/docker.sock"
    [ -n "$(value api "$out")" ] || fail "$what: no API version"
}

# fails_on WHAT SOCKET ORIGIN [env/args...]: the error names SOCKET and ORIGIN.
fails_on() {
    local what=$1 sock=$2 origin=$3 out
    shift 3
    out=$(env "$@" 2>&1) && fail "$what: unexpectedly reached an engine: $out"
    expect_eq "$what" "$out" \
        "error connect 0 cannot connect to the engine: no such file: is the engine running? $sock (from $origin)"
}

$DOCKER context create "$good" --docker host=unix:///var/run/docker.sock >/dev/null 2>&1 \
    || fail "docker context create $good failed"
$DOCKER context create "$bad" --docker "host=unix://$badsock" >/dev/null 2>&1 \
    || fail "docker context create $bad failed"
# The store is named by sha256(name), as the client computes it.
[ -f "$cfg/contexts/meta/$(printf '%s' "$good" | sha256sum | cut -d' ' -f1)/meta.json" ] \
    || fail "unexpected context store layout"

# DOCKER_CONTEXT
reaches "DOCKER_CONTEXT=good" "context $good" DOCKER_CONTEXT="$good" "$probe" ping
fails_on "DOCKER_CONTEXT=bad" "$badsock" "context $bad" DOCKER_CONTEXT="$bad" "$probe" ping

# config.json currentContext, written by `docker context use`
$DOCKER context use "$good" >/dev/null 2>&1 || fail "docker context use failed"
grep -q "\"currentContext\": *\"$good\"" "$cfg/config.json" || fail "currentContext not written"
reaches "currentContext=good" "context $good" "$probe" ping
$DOCKER context use "$bad" >/dev/null 2>&1 || fail "docker context use failed"
fails_on "currentContext=bad" "$badsock" "context $bad" "$probe" ping

# Precedence (currentContext is now the bad one)
reaches "DOCKER_CONTEXT beats currentContext" "context $good" DOCKER_CONTEXT="$good" "$probe" ping
reaches "DOCKER_HOST beats currentContext" "DOCKER_HOST" \
    DOCKER_HOST=unix:///var/run/docker.sock "$probe" ping
fails_on "DOCKER_HOST beats DOCKER_CONTEXT" "$hostsock" "DOCKER_HOST" \
    DOCKER_CONTEXT="$good" DOCKER_HOST="unix://$hostsock" "$probe" ping
reaches "-H beats DOCKER_HOST and DOCKER_CONTEXT" "-H" \
    DOCKER_CONTEXT="$bad" DOCKER_HOST="unix://$hostsock" "$probe" -H unix:///var/run/docker.sock ping
reaches "--context beats -H and DOCKER_HOST" "context $good" \
    DOCKER_HOST="unix://$hostsock" "$probe" -H "unix://$hostsock" --context "$good" ping
reaches "context named default" "default" DOCKER_CONTEXT=default "$probe" ping

# A context that does not exist is named in the error.
nope=berth-t-ctx-nope-$$
out=$(DOCKER_CONTEXT=$nope "$probe" ping)
expect_eq "missing context" "$out" \
    "error usage 0 context \"$nope\" (from DOCKER_CONTEXT) not found: no $cfg/contexts/meta/$(printf '%s' "$nope" | sha256sum | cut -d' ' -f1)/meta.json"
echo "engine contexts: all checks passed"
