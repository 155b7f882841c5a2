#!/usr/bin/env bash
# Pull through berth's code (tests/bin/image_ops) from a local registry:
# the progress events arrive in order per layer (pulling fs layer,
# downloading, download complete, extracting, pull complete), then the
# digest and the final status; the image is then listed; a pull with
# credentials from a config.json auths entry sends them and still works;
# a missing tag gives the engine's 404 "manifest unknown" words.
set -u
. "$BERTH_SRCDIR/tests/lib/common.sh"
. "$BERTH_SRCDIR/tests/lib/registry.sh"

ops=$BERTH_BUILDDIR/tests/bin/image_ops
[ -x "$ops" ] || fail "tests/bin/image_ops is not built"
tmp=$(mktemp -d)
label=berth-t-img=$$
name=berth-t-img-$$
ref=
cleanup() {
    [ -n "$ref" ] && $DOCKER rmi -f "$ref" "$ref-2" >/dev/null 2>&1
    $DOCKER images -q --filter "label=$label" | sort -u | xargs -r $DOCKER rmi -f >/dev/null 2>&1
    registry_stop
    rm -rf "$tmp"
}
trap cleanup EXIT

registry_start "$tmp/reg" || fail "cannot start the local registry"
ref=$REGISTRY/$name:v1

# An image with a layer of its own (4 MB of random data) above the test
# image's, so the pull downloads and extracts something.
registry_build_image "$ref" "$label" 4096 "$tmp" || fail "cannot build $ref"
$DOCKER push "$ref" >/dev/null || fail "cannot push $ref to $REGISTRY"
id=$($DOCKER image inspect -f '{{.Id}}' "$ref")
$DOCKER rmi "$ref" >/dev/null || fail "cannot remove $ref locally"
$DOCKER image inspect "$id" >/dev/null 2>&1 && fail "$id is still there before the pull"

start=$(date +%s.%N)
"$ops" pull "$ref" >"$tmp/pull.out" 2>&1
rc=$?
end=$(date +%s.%N)
[ $rc -eq 0 ] || { cat "$tmp/pull.out" >&2; fail "the pull failed (exit $rc)"; }
grep -q '^auth no' "$tmp/pull.out" || fail "credentials were sent with no config"
echo "pull took $(echo "$end - $start" | bc) s, $(grep -c '^event' "$tmp/pull.out") events"

# Order per layer: the state each event moves to must never go back.
awk -F'|' '
    /^event / {
        sub(/^event /, "", $1); st = $1; id = $2
        if (st ~ /^Pulling from /) { if (n++) bad = bad "header not first; "; next }
        n++
        if (st ~ /^Digest: /) { digest = n; next }
        if (st ~ /^Status: Downloaded newer image for /) { final = n; next }
        rank = -1
        if (st == "Already exists") rank = 9
        else if (st == "Pulling fs layer") rank = 1
        else if (st == "Waiting") rank = 2
        else if (st == "Downloading") rank = 3
        else if (st == "Verifying Checksum") rank = 4
        else if (st == "Download complete") rank = 5
        else if (st == "Extracting") rank = 6
        else if (st == "Pull complete") rank = 7
        if (rank < 0) { bad = bad "unknown status " st "; "; next }
        if (digest) bad = bad "layer event after the digest; "
        if (rank < last[id]) bad = bad id " went from " last[id] " back to " rank "; "
        last[id] = rank; seen[id, rank] = 1; layers[id] = 1; lastlayer = n
    }
    END {
        full = 0
        for (id in layers) {
            if (last[id] == 9) continue
            if (!seen[id, 1] || !seen[id, 3] || !seen[id, 5] || !seen[id, 6] || !seen[id, 7])
                bad = bad id " missed a step; "
            else full++
        }
        if (!full) bad = bad "no layer was downloaded; "
        if (!digest || !final || final < digest || digest < lastlayer) bad = bad "digest/status not last; "
        if (bad) { print bad; exit 1 }
        print "layers downloaded in order: " full
    }' "$tmp/pull.out" || { cat "$tmp/pull.out" >&2; fail "progress events out of order"; }
grep -q "^layer .* already exists" "$tmp/pull.out" || fail "the shared base layer was not 'already exists'"
grep -q "^reference $ref\$" "$tmp/pull.out" || fail "the final status does not name $ref"
grep -q '|1.000$' "$tmp/pull.out" || fail "the overall fraction did not reach 1"
echo "ok: progress events in order"

"$ops" list >"$tmp/list.out" || fail "list failed"
grep -q "^$ref $id 0 tagged " "$tmp/list.out" || { cat "$tmp/list.out" >&2; fail "$ref not listed after the pull"; }
echo "ok: the pulled image is listed"

# Credentials from a config.json auths entry: sent, and harmless to an
# open registry (the engine logs in only when the registry asks).
$DOCKER tag "$ref" "$ref-2" && $DOCKER push "$ref-2" >/dev/null && $DOCKER rmi "$ref-2" >/dev/null ||
    fail "cannot push a second tag"
printf '{"auths":{"%s":{"auth":"%s"}}}' "$REGISTRY" "$(printf 'berth:secret' | base64)" >"$tmp/config.json"
"$ops" auth "$ref-2" "$tmp/config.json" | head -1 | tr '_-' '/+' | base64 -d 2>/dev/null >"$tmp/auth.json"
grep -q '"username":"berth"' "$tmp/auth.json" && grep -q "\"serveraddress\":\"$REGISTRY\"" "$tmp/auth.json" ||
    fail "the X-Registry-Auth value is wrong: $(cat "$tmp/auth.json")"
DOCKER_CONFIG=$tmp "$ops" pull "$ref-2" >"$tmp/pull2.out" 2>&1 || { cat "$tmp/pull2.out" >&2; fail "the pull with credentials failed"; }
grep -q '^auth yes' "$tmp/pull2.out" || fail "the credentials were not used"
echo "ok: credentials from config.json"

"$ops" pull "$REGISTRY/$name:nope" >"$tmp/missing.out" 2>&1 && fail "a missing tag pulled"
grep -q '^error http 404 .*manifest unknown' "$tmp/missing.out" ||
    { cat "$tmp/missing.out" >&2; fail "a missing tag did not give the engine's 404"; }
echo "ok: missing tag: $(sed -n 's/^error http 404 //p' "$tmp/missing.out")"
