#!/usr/bin/env bash
# The images panel in tmux: 3 opens it and lists the test image; P asks
# for a reference and pulls it from a local registry: a pull that breaks
# mid-stream (a blob missing from the registry) keeps the pull view open
# with its layers and the engine's error, Esc closes it; a good pull shows
# the pull view, then closes it, lists the image and selects it; H shows
# its history; D asks (force / no-prune) and removes it; --read-only
# refuses the pull.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"
. "$BERTH_SRCDIR/tests/lib/registry.sh"

label=berth-t-img=$$
name=berth-t-img-u$$
img_cleanup() {
    ui_cleanup
    $DOCKER images --format '{{.Repository}}:{{.Tag}}' | grep "/$name:" | xargs -r $DOCKER rmi -f >/dev/null 2>&1
    $DOCKER images -q --filter "label=$label" | sort -u | xargs -r $DOCKER rmi -f >/dev/null 2>&1
    registry_stop
}
trap img_cleanup EXIT

mkdir -p "$UI_TMP/reg" "$UI_TMP/ctx"
registry_start "$UI_TMP/reg" || fail "cannot start the local registry"
good=$REGISTRY/$name:v1
broken=$REGISTRY/$name:broken
# push TAG SALT MB: an image with a layer of its own, pushed, removed here.
push() {
    printf 'FROM %s\nRUN echo %s >/salt && dd if=/dev/urandom of=/blob bs=1M count=%s 2>/dev/null\nLABEL %s\n' \
        "$BERTH_TEST_IMAGE" "$2" "$3" "$label" >"$UI_TMP/ctx/Dockerfile"
    DOCKER_BUILDKIT=0 $DOCKER build -q -t "$1" "$UI_TMP/ctx" >/dev/null 2>&1 || fail "cannot build $1"
    $DOCKER push "$1" >/dev/null || fail "cannot push $1"
    $DOCKER rmi "$1" >/dev/null || fail "cannot remove $1 here"
}
push "$good" good 16
push "$broken" broken 2
# Break the second image: delete its own layer's blob from the registry.
blob=$($DOCKER manifest inspect --insecure "$broken" 2>/dev/null | grep -o 'sha256:[0-9a-f]*' | tail -n 1)
[ -n "$blob" ] || blob=$(curl -s -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://$REGISTRY/v2/$name/manifests/broken" | grep -o '"digest": *"sha256:[0-9a-f]*"' | tail -n 1 | grep -o 'sha256:[0-9a-f]*')
hex=${blob#sha256:}
[ -n "$hex" ] && rm -f "$UI_TMP/reg/data/docker/registry/v2/blobs/sha256/${hex:0:2}/$hex/data" ||
    fail "cannot find the blob to break"

# A dangling image of this test (its tag moved to a rebuild) for prune.
mkdir -p "$UI_TMP/d1" "$UI_TMP/d2"
for d in d1 d2; do
    printf 'FROM %s\nRUN echo %s >/salt\nLABEL %s\n' "$BERTH_TEST_IMAGE" "$d" "$label" >"$UI_TMP/$d/Dockerfile"
done
dangling=$(DOCKER_BUILDKIT=0 $DOCKER build -q -t "$name-d:1" "$UI_TMP/d1" 2>/dev/null | tail -n 1)
DOCKER_BUILDKIT=0 $DOCKER build -q -t "$name-d:1" "$UI_TMP/d2" >/dev/null 2>&1 || fail "cannot rebuild"
[ -n "$dangling" ] && [ "$($DOCKER image inspect -f '{{len .RepoTags}}' "$dangling")" = 0 ] ||
    fail "no dangling image to prune"

ui_start 200 40
tmux_wait_for '^NAME' 10 || fail "no table"
tmux_keys 3
tmux_wait_for '^REPOSITORY +TAG +IMAGE ID +SIZE +CREATED +CONTAINERS +DANGLING' 10 ||
    fail "3 did not open the images panel"
tmux_wait_for "^${BERTH_TEST_IMAGE%%:*} +latest +[0-9a-f]{12} +1\\.98MB" 10 ||
    fail "the test image is not listed"
echo "ok: the panel lists the test image"

tmux_keys P
tmux_wait_for '^Pull image' 5 || fail "P did not ask for a reference"
tmux_keys "$broken" Enter
tmux_wait_for "Pull: $broken" 10 || fail "no pull view for $broken"
tmux_wait_for 'Error: unknown blob' 20 || fail "the engine's error is not in the pull view"
tmux_wait_for '[0-9a-f]{12} +already exists' 5 || fail "the pull view shows no layer rows"
echo "ok: a broken pull keeps the view open with the engine's error"
tmux_keys Escape
tmux_wait_gone "Pull: $broken" 5 || fail "Esc did not close the pull view"

start=$(date +%s.%N)
tmux_keys P
tmux_wait_for '^Pull image' 5 || fail "P did not ask again"
tmux_keys "${good%:v1}" Enter   # no tag: latest is not there...
tmux_wait_for "Error: manifest .* not found: manifest unknown" 20 ||
    fail "a missing tag did not show the engine's 404 in the pull view"
tmux_keys Escape
tmux_wait_gone "Pull: ${good%:v1}:latest" 5 || fail "Esc did not close the failed pull view"
echo "ok: a missing tag shows the engine's 404"
tmux_keys P
tmux_wait_for '^Pull image' 5 || fail "P did not ask a third time"
tmux_keys "$good" Enter
tmux_wait_for "Pull: $good" 10 || fail "no pull view for $good"
tmux_wait_for "Pulled $good sha256:" 30 || fail "no 'Pulled' message"
end=$(date +%s.%N)
echo "pull in the panel took $(echo "$end - $start" | bc) s"
tmux_wait_gone "Pull: $good" 10 || fail "the pull view did not close after the pull"
$DOCKER image inspect "$good" >/dev/null 2>&1 || fail "the engine does not have $good"
tmux_wait_for "$REGISTRY/$name +v1 +[0-9a-f]{12} +18\\.[0-9]MB" 10 || fail "the pulled image is not listed"
echo "ok: the pull view, then the image in the list"

tmux_keys H
tmux_wait_for "History: $good" 10 || fail "H did not open the history"
tmux_wait_for 'dd if=/dev/urandom' 5 || fail "the history does not show the RUN layer"
tmux_wait_for 'Imported from -' 5 || fail "the history does not show the imported layer"
tmux_keys Escape
tmux_wait_gone "History: $good" 5 || fail "Esc did not close the history"
echo "ok: history of the selected (pulled) image"

tmux_keys D
tmux_wait_for 'Remove image\?' 5 || fail "D did not ask"
tmux_wait_for "$good" 5 || fail "the dialog does not name the pulled image"
tmux_keys y
tmux_wait_for "Removed $good: [1-9] tags? untagged, [1-9] images? deleted" 10 || fail "no 'Removed' message"
$DOCKER image inspect "$good" >/dev/null 2>&1 && fail "D did not remove $good"
echo "ok: remove the selected image"

short=${dangling#sha256:}
short=${short:0:12}
tmux_wait_for "<none> +<none> +$short .* dangling" 10 || fail "the dangling image is not marked"
tmux_keys X
tmux_wait_for 'Prune images' 5 || fail "X did not open the prune dialog"
tmux_keys Tab "$label" Enter
tmux_wait_for 'Prune 1 image\?' 10 || fail "the preview does not count exactly the dangling image"
tmux_wait_for "$short +<none>" 5 || fail "the preview does not list the dangling image"
$DOCKER image inspect "$dangling" >/dev/null 2>&1 || fail "the preview removed something"
tmux_keys y
tmux_wait_for 'Pruned [1-9][0-9]* images? and layers: [0-9.]+[kM]?B reclaimed' 10 ||
    fail "no 'Pruned' message with the space"
$DOCKER image inspect "$dangling" >/dev/null 2>&1 && fail "the dangling image was not pruned"
$DOCKER image inspect "$name-d:1" >/dev/null 2>&1 || fail "prune removed a tagged image"
echo "ok: prune dangling with a label filter, after a preview"
ui_quit
tmux_stop

ui_start 200 30 --read-only
tmux_wait_for '^NAME' 10 || fail "no table (read-only)"
tmux_keys 3
tmux_wait_for '^REPOSITORY' 10 || fail "3 did not open the panel (read-only)"
tmux_keys P
tmux_wait_for 'read-only' 5 || fail "read-only did not refuse the pull"
echo "ok: read-only refuses the pull"
ui_quit
