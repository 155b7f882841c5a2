#!/usr/bin/env bash
# Pull through berth's code (tests/bin/image_ops) from a local registry that
# REQUIRES credentials (htpasswd basic auth over plain http on 127.0.0.1):
# the image is pushed with `docker login` in a private DOCKER_CONFIG, then
#   - an auths entry with a wrong password is sent and refused with the
#     engine's own words (unauthorized / authentication required);
#   - no entry for the registry sends nothing and is refused the same way;
#   - the right entry (found through HOME/.docker, then through
#     DOCKER_CONFIG) pulls the image, which is then listed.
# The operator's own ~/.docker/config.json is never read or written.
set -u
. "$BERTH_SRCDIR/tests/lib/common.sh"
. "$BERTH_SRCDIR/tests/lib/registry.sh"

ops=$BERTH_BUILDDIR/tests/bin/image_ops
[ -x "$ops" ] || fail "tests/bin/image_ops is not built"
tmp=$(mktemp -d)
label=berth-t-imgauth=$$
name=berth-t-imgauth-$$
user=berth
pass=berth-t-$$-secret
ref=
cleanup() {
    [ -n "$ref" ] && $DOCKER rmi -f "$ref" >/dev/null 2>&1
    $DOCKER images -q --filter "label=$label" | sort -u | xargs -r $DOCKER rmi -f >/dev/null 2>&1
    [ -n "${REGISTRY:-}" ] && DOCKER_CONFIG=$tmp/login $DOCKER logout "$REGISTRY" >/dev/null 2>&1
    registry_stop
    rm -rf "$tmp"
}
trap cleanup EXIT

# The operator's config must come out of this untouched.
own_config=${HOME:-}/.docker/config.json
own_sum=$(sha256sum "$own_config" 2>/dev/null)

registry_htpasswd "$tmp/htpasswd" "$user" "$pass" || fail "cannot make a bcrypt htpasswd entry"
registry_start "$tmp/reg" "$tmp/htpasswd" || fail "cannot start the local registry with auth"
ref=$REGISTRY/$name:v1

# The registry itself: refuses anonymous and wrong credentials, accepts ours.
code() { curl -s -o /dev/null -w '%{http_code}' "$@" "http://$REGISTRY/v2/"; }
[ "$(code)" = 401 ] || fail "the registry answers $(code) without credentials, not 401"
[ "$(code -u "$user:wrong")" = 401 ] || fail "the registry accepts a wrong password"
[ "$(code -u "$user:$pass")" = 200 ] ||
    fail "the registry refuses the htpasswd entry ($(code -u "$user:$pass")): $(cat "$tmp/htpasswd")"
echo "ok: the registry requires credentials ($(cut -c1-12 "$tmp/htpasswd")...)"

# An image with a small layer of its own, so that the pull has something
# to fetch that the engine cannot already have.
registry_build_image "$ref" "$label" 512 "$tmp" || fail "cannot build $ref"
id=$($DOCKER image inspect -f '{{.Id}}' "$ref")

mkdir -p "$tmp/login"
DOCKER_CONFIG=$tmp/login $DOCKER push "$ref" >"$tmp/push0.out" 2>&1 &&
    fail "an anonymous push was accepted"
printf '%s\n' "$pass" | DOCKER_CONFIG=$tmp/login $DOCKER login -u "$user" --password-stdin "$REGISTRY" \
    >"$tmp/login.out" 2>&1 || { cat "$tmp/login.out" >&2; fail "docker login to $REGISTRY failed"; }
DOCKER_CONFIG=$tmp/login $DOCKER push "$ref" >"$tmp/push.out" 2>&1 ||
    { cat "$tmp/push.out" >&2; fail "cannot push $ref after docker login"; }
DOCKER_CONFIG=$tmp/login $DOCKER logout "$REGISTRY" >/dev/null 2>&1 || fail "docker logout failed"
grep -q "$REGISTRY" "$tmp/login/config.json" && fail "docker logout left the credentials behind"
echo "ok: pushed $ref after docker login (anonymous push refused)"

$DOCKER rmi "$ref" >/dev/null || fail "cannot remove $ref locally"
$DOCKER image inspect "$id" >/dev/null 2>&1 && fail "$id is still there before the pulls"

# config DIR USER:PASSWORD HOST: a config.json in DIR with one auths entry.
config() {
    mkdir -p "$1"
    printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$3" "$(printf '%s' "$2" | base64)" >"$1/config.json"
}
absent() {
    $DOCKER image inspect "$id" >/dev/null 2>&1 && fail "$1: the image arrived anyway"
    return 0
}

# A wrong password: sent, and refused by the registry through the engine.
config "$tmp/wrong" "$user:wrong-$$" "$REGISTRY"
refusals() { grep -c "error authenticating user .*$user" "$tmp/reg/registry.log"; }
before=$(refusals)
DOCKER_CONFIG=$tmp/wrong "$ops" pull "$ref" >"$tmp/wrong.out" 2>&1 && fail "a wrong password pulled"
grep -q '^auth yes' "$tmp/wrong.out" || { cat "$tmp/wrong.out" >&2; fail "the wrong entry was not sent"; }
grep -Eq '^error .*(unauthorized|authentication required)' "$tmp/wrong.out" ||
    { cat "$tmp/wrong.out" >&2; fail "a wrong password did not give the engine's refusal"; }
[ "$(refusals)" -gt "$before" ] || fail "the registry never saw the wrong password"
absent "wrong password"
echo "ok: wrong password: $(sed -n 's/^error //p' "$tmp/wrong.out")"

# No entry for this registry (only one for another host): nothing sent.
config "$tmp/none" "$user:$pass" "127.0.0.2:1"
DOCKER_CONFIG=$tmp/none "$ops" pull "$ref" >"$tmp/none.out" 2>&1 && fail "a pull without credentials worked"
grep -q '^auth no' "$tmp/none.out" || { cat "$tmp/none.out" >&2; fail "credentials were sent with no entry"; }
grep -Eq '^error .*(no basic auth credentials|unauthorized|authentication required)' "$tmp/none.out" ||
    { cat "$tmp/none.out" >&2; fail "no entry did not give the engine's refusal"; }
absent "no entry"
echo "ok: no entry: $(sed -n 's/^error //p' "$tmp/none.out")"

# The right entry through HOME/.docker/config.json (no DOCKER_CONFIG).
config "$tmp/home/.docker" "$user:$pass" "$REGISTRY"
env -u DOCKER_CONFIG HOME="$tmp/home" "$ops" pull "$ref" >"$tmp/good.out" 2>&1 ||
    { cat "$tmp/good.out" >&2; fail "the pull with the right credentials failed"; }
grep -q '^auth yes' "$tmp/good.out" || fail "the credentials in HOME/.docker were not used"
grep -q "^done sha256:.*|1.000\$" "$tmp/good.out" || { cat "$tmp/good.out" >&2; fail "no final digest"; }
[ "$($DOCKER image inspect -f '{{.Id}}' "$ref" 2>/dev/null)" = "$id" ] || fail "$ref is not $id after the pull"
"$ops" list >"$tmp/list.out" || fail "list failed"
grep -q "^$ref $id 0 tagged " "$tmp/list.out" || { cat "$tmp/list.out" >&2; fail "$ref not listed after the pull"; }
echo "ok: right password via HOME/.docker: $ref pulled and listed"

# Again through DOCKER_CONFIG, which wins over HOME (whose entry is wrong).
$DOCKER rmi "$ref" >/dev/null || fail "cannot remove $ref again"
absent "before the second pull"
config "$tmp/good" "$user:$pass" "$REGISTRY"
config "$tmp/wrong-home/.docker" "$user:wrong-$$" "$REGISTRY"
DOCKER_CONFIG=$tmp/good HOME="$tmp/wrong-home" "$ops" pull "$ref" >"$tmp/good2.out" 2>&1 ||
    { cat "$tmp/good2.out" >&2; fail "the pull with credentials from DOCKER_CONFIG failed"; }
[ "$($DOCKER image inspect -f '{{.Id}}' "$ref" 2>/dev/null)" = "$id" ] || fail "$ref did not arrive via DOCKER_CONFIG"
echo "ok: right password via DOCKER_CONFIG"

[ "$(sha256sum "$own_config" 2>/dev/null)" = "$own_sum" ] || fail "$own_config changed"
echo "ok: $own_config untouched"
