#!/usr/bin/env bash
# Volume create, remove and prune through `berth volume` on the real engine:
# create with a label and driver option, ls shows it with its size and the
# container using it, remove of a volume in use fails with the engine's 409
# (with and without --force) and says why, remove of a free one works,
# prune without --yes only lists (and says named volumes go on API < 1.42),
# prune --yes with a label filter removes exactly the unused labelled ones.
set -u
. "$BERTH_SRCDIR/tests/lib/common.sh"

[ -x "$BERTH_BIN" ] || fail "no binary at $BERTH_BIN"
unset DOCKER_HOST DOCKER_CONTEXT
prefix=${BERTH_TEST_PREFIX}volrm-$$-
label=berth.test.volrm=$$
tmp=$(mktemp -d)
cleanup() {
    cleanup_prefix "$prefix"
    rm -rf "$tmp"
}
trap cleanup EXIT

out=$("$BERTH_BIN" volume create --label "$label" "${prefix}busy") ||
    fail "create: $out"
[ "$out" = "${prefix}busy" ] || fail "create printed '$out'"
[ "$($DOCKER volume inspect -f '{{index .Labels "berth.test.volrm"}}' "${prefix}busy")" = $$ ] ||
    fail "label not set"
"$BERTH_BIN" volume create --label "$label" "${prefix}free1" >/dev/null || fail "create free1"
"$BERTH_BIN" volume create --label "$label" "${prefix}free2" >/dev/null || fail "create free2"
"$BERTH_BIN" volume create --opt type=tmpfs --opt device=tmpfs "${prefix}other" >/dev/null ||
    fail "create other"
[ "$($DOCKER volume inspect -f '{{.Options.type}}' "${prefix}other")" = tmpfs ] || fail "driver option not set"
$DOCKER create --name "${prefix}user" -v "${prefix}busy:/data" "$BERTH_TEST_IMAGE" true >/dev/null ||
    fail "cannot create a container using the volume"
echo "ok: created"

ls_out=$("$BERTH_BIN" volume ls) || fail "ls: $ls_out"
echo "$ls_out" | grep "^${prefix}busy " | grep -q "${prefix}user" ||
    fail "ls does not show the container using ${prefix}busy: $ls_out"
echo "$ls_out" | grep -Eq "^${prefix}busy +local +local +[0-9.]+ [kMGT]?B +1 " ||
    fail "ls refcount of ${prefix}busy is not 1"
echo "ok: ls shows users and reference counts"

for force in "" --force; do
    "$BERTH_BIN" volume rm $force "${prefix}busy" >"$tmp/out" 2>"$tmp/err" &&
        fail "removed a volume in use ($force)"
    grep -q 'in use' "$tmp/err" || fail "no 'in use' in: $(cat "$tmp/err")"
    grep -q 'remove the containers using it first' "$tmp/err" || fail "409 not explained: $(cat "$tmp/err")"
    $DOCKER volume inspect "${prefix}busy" >/dev/null 2>&1 || fail "the volume in use is gone"
done
echo "ok: 409 in use: $(cat "$tmp/err")"
"$BERTH_BIN" volume rm "${prefix}nope" 2>"$tmp/err" && fail "removed a missing volume"
grep -qi 'no such volume' "$tmp/err" || fail "404 message: $(cat "$tmp/err")"

"$BERTH_BIN" volume rm "${prefix}free2" >/dev/null || fail "rm of a free volume failed"
$DOCKER volume inspect "${prefix}free2" >/dev/null 2>&1 && fail "free2 still exists"
echo "ok: rm"
"$BERTH_BIN" volume create --label "$label" "${prefix}free2" >/dev/null

dry=$("$BERTH_BIN" volume prune --label "$label") || fail "prune listing: $dry"
echo "$dry"
echo "$dry" | grep -qx "would remove ${prefix}free1" || fail "prune listing lacks free1"
echo "$dry" | grep -q "would remove ${prefix}busy" && fail "prune listing names a volume in use"
echo "$dry" | grep -q "would remove ${prefix}other" && fail "prune listing ignores the label"
api=$($DOCKER version --format '{{.Server.APIVersion}}')
if [ "$(printf '%s\n1.42\n' "$api" | sort -V | head -n 1)" != 1.42 ]; then
    echo "$dry" | grep -q 'named volumes are removed too' || fail "no named-volume warning on API $api"
fi
$DOCKER volume inspect "${prefix}free1" >/dev/null 2>&1 || fail "the listing pruned something"

out=$("$BERTH_BIN" volume prune --label "$label" --yes) || fail "prune: $out"
echo "$out"
echo "$out" | grep -qx "removed ${prefix}free1" || fail "prune did not remove free1"
echo "$out" | grep -qx "removed ${prefix}free2" || fail "prune did not remove free2"
for v in busy other; do
    $DOCKER volume inspect "${prefix}$v" >/dev/null 2>&1 || fail "prune removed ${prefix}$v"
done
echo "ok: prune removes exactly the unused labelled volumes"
exit 0
