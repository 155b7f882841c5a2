#!/usr/bin/env bash
# Remove and prune through berth's code (tests/bin/image_ops) on images
# built here and labelled berth-t-img=<pid> (prune filters on that label,
# so nothing else on the engine can go): remove a tagged image; remove one
# a container was created from (409, explained) and then with force;
# remove with force one a running container uses (still 409, explained);
# prune dangling images, then all unused ones, with the label filter
# (space reclaimed > 0; an `until` that excludes them removes nothing);
# history of the test image shows its imported layer.
set -u
. "$BERTH_SRCDIR/tests/lib/common.sh"

ops=$BERTH_BUILDDIR/tests/bin/image_ops
[ -x "$ops" ] || fail "tests/bin/image_ops is not built"
tmp=$(mktemp -d)
pfx=berth-t-img-$$
label=berth-t-img=$$
cleanup() {
    $DOCKER ps -aq --filter "name=^/$pfx" | xargs -r $DOCKER rm -f >/dev/null 2>&1
    $DOCKER images -q --filter "label=$label" | sort -u | xargs -r $DOCKER rmi -f >/dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT

# build TAG SALT: an image on the test image with 1 MB of its own.
build() {
    mkdir -p "$tmp/$2"
    printf 'FROM %s\nRUN echo %s >/salt && dd if=/dev/urandom of=/blob bs=1M count=1 2>/dev/null\nLABEL %s\n' \
        "$BERTH_TEST_IMAGE" "$2" "$label" >"$tmp/$2/Dockerfile"
    DOCKER_BUILDKIT=0 $DOCKER build -q -t "$1" "$tmp/$2" 2>/dev/null | tail -n 1
}
exists() { $DOCKER image inspect "$1" >/dev/null 2>&1; }

a=$(build "$pfx-a:1" a) || fail "cannot build $pfx-a:1"
"$ops" remove "$pfx-a:1" >"$tmp/out" || { cat "$tmp/out" >&2; fail "remove of an unused image failed"; }
grep -Eq '^untagged 1 deleted [1-9]' "$tmp/out" || fail "remove said: $(cat "$tmp/out")"
exists "$a" && fail "the removed image is still there"
echo "ok: remove a tagged image"

b=$(build "$pfx-b:1" b) || fail "cannot build $pfx-b:1"
$DOCKER create --name "$pfx-c" "$pfx-b:1" true >/dev/null || fail "cannot create a container"
"$ops" remove "$pfx-b:1" >"$tmp/out" && fail "an image in use was removed"
grep -q '^error http 409 in use: a container was created from this image; remove that container first' "$tmp/out" ||
    fail "the 409 is not explained: $(cat "$tmp/out")"
grep -q 'is using its referenced image' "$tmp/out" || fail "the engine's words are missing: $(cat "$tmp/out")"
exists "$pfx-b:1" || fail "the refused remove removed the image"
echo "ok: 409 explained: $(cut -c1-160 "$tmp/out")"
"$ops" remove "$pfx-b:1" force >"$tmp/out" || fail "forced remove failed: $(cat "$tmp/out")"
exists "$b" && fail "force did not remove the image of a stopped container"
[ "$($DOCKER inspect -f '{{.Image}}' "$pfx-c")" = "$b" ] || fail "the container does not show the image id"
$DOCKER rm "$pfx-c" >/dev/null
echo "ok: force removes an image a stopped container was made from"

r=$(build "$pfx-r:1" r) || fail "cannot build $pfx-r:1"
$DOCKER run -d --name "$pfx-run" "$pfx-r:1" sleep 300 >/dev/null || fail "cannot run a container"
"$ops" remove "$r" force >"$tmp/out" && fail "force removed an image a running container uses"
grep -q '^error http 409 in use: a running container uses this image; even force cannot' "$tmp/out" ||
    fail "the running 409 is not explained: $(cat "$tmp/out")"
$DOCKER rm -f "$pfx-run" >/dev/null
echo "ok: running container 409 explained"

# A dangling image: the tag moves to a rebuild.
d1=$(build "$pfx-d:1" d1) || fail "cannot build d1"
d2=$(build "$pfx-d:1" d2) || fail "cannot build d2"
[ "$d1" != "$d2" ] || fail "the rebuild gave the same image"
"$ops" list | grep -q "^$d1 $d1 0 dangling " || fail "$d1 is not listed as dangling"
"$ops" prune until=1h "label=$label" >"$tmp/out" || fail "prune until=1h failed: $(cat "$tmp/out")"
grep -q '^deleted 0 ' "$tmp/out" || fail "until=1h pruned new images: $(cat "$tmp/out")"
exists "$d1" || fail "until=1h removed the dangling image"
"$ops" prune "label=$label" >"$tmp/out" || fail "prune failed: $(cat "$tmp/out")"
grep -q "^would $d1 $d1\$" "$tmp/out" || fail "the preview does not list $d1: $(cat "$tmp/out")"
grep -q "^would $pfx-d:1 " "$tmp/out" && fail "the preview lists a tagged image for a dangling prune"
grep -q "^deleted-id $d1\$" "$tmp/out" || fail "prune did not delete $d1: $(cat "$tmp/out")"
space=$(sed -n 's/^deleted [0-9]* reclaimed //p' "$tmp/out")
[ "${space:-0}" -gt 0 ] || fail "no space reclaimed: $(cat "$tmp/out")"
exists "$d1" && fail "the dangling image survived the prune"
exists "$pfx-d:1" || fail "a dangling prune removed a tagged image"
exists "$BERTH_TEST_IMAGE" || fail "the test image went"
echo "ok: prune dangling with a label filter: $space bytes reclaimed"
"$ops" prune all "label=$label" >"$tmp/out" || fail "prune all failed: $(cat "$tmp/out")"
grep -q "^would $pfx-d:1 $d2\$" "$tmp/out" || fail "the preview does not list $pfx-d:1: $(cat "$tmp/out")"
exists "$pfx-d:1" && fail "prune all did not remove the unused tagged image"
exists "$BERTH_TEST_IMAGE" || fail "the test image went"
echo "ok: prune all unused with a label filter"

"$ops" history "$BERTH_TEST_IMAGE" >"$tmp/out" || fail "history failed: $(cat "$tmp/out")"
want=$($DOCKER image inspect -f '{{.Id}}' "$BERTH_TEST_IMAGE")
grep -Eq "^layer $want\|\|[1-9][0-9]*\|[0-9]+\|Imported from -\$" "$tmp/out" ||
    fail "history does not show the imported layer: $(cat "$tmp/out")"
echo "ok: history: $(cat "$tmp/out")"
