#!/usr/bin/env bash
# The volumes panel in tmux: V opens it and lists the test volumes with
# the container using one; n creates a volume; D asks before removing and
# n keeps it, y removes it; removing a volume in use shows the engine's
# 409 and why; B backs a volume up to a .tar.gz file; n asks the name,
# driver, labels and driver options and creates with all of them; u into a
# volume that holds files asks merge / clear / cancel (cancel changes
# nothing, merge keeps both files); Esc during a large backup cancels it and
# leaves no file, temp file or helper container; --read-only refuses
# create, remove and restore.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"

vol=${UI_PREFIX}vol-a
used=${UI_PREFIX}vol-used
$DOCKER volume create "$vol" >/dev/null || fail "cannot create $vol"
$DOCKER volume create "$used" >/dev/null || fail "cannot create $used"
$DOCKER create --name "${UI_PREFIX}holder" -v "$used:/data" "$BERTH_TEST_IMAGE" true >/dev/null ||
    fail "cannot create the holder"

ui_start 200 30
tmux_wait_for '^NAME' 10 || fail "no table"
tmux_keys V
tmux_wait_for '^NAME +DRIVER +SCOPE +SIZE' 10 || fail "V did not open the volumes panel"
ui_filter "$UI_PREFIX"
tmux_wait_for "$vol +local" 10 || fail "$vol not listed"
tmux_wait_for "$used +local .* 1 +${UI_PREFIX}hold" 10 || fail "$used not shown with its container"
echo "ok: panel lists the volumes and users"

tmux_keys n
tmux_wait_for 'New volume name' 5 || fail "n did not ask for a name"
tmux_keys "${UI_PREFIX}vol-new" Enter
tmux_wait_for '^Driver: local' 5 || fail "n did not ask for the driver (default local)"
tmux_keys Enter
tmux_wait_for '^Labels' 5 || fail "n did not ask for labels"
tmux_keys Enter
tmux_wait_for '^Driver options' 5 || fail "n did not ask for driver options"
tmux_keys Enter
tmux_wait_for "Created volume ${UI_PREFIX}vol-new" 10 || fail "no 'Created' message"
$DOCKER volume inspect "${UI_PREFIX}vol-new" >/dev/null 2>&1 || fail "the volume was not created"
tmux_wait_for "${UI_PREFIX}vol-new +local" 10 || fail "the new volume is not listed"
echo "ok: create"

# Select the new volume (sorted by name: vol-a, vol-new, vol-used).
tmux_keys Home Down
tmux_keys D
tmux_wait_for "Remove volume ${UI_PREFIX}vol-new\\?" 5 || fail "D did not ask for confirmation"
tmux_keys n
$DOCKER volume inspect "${UI_PREFIX}vol-new" >/dev/null 2>&1 || fail "n removed the volume"
tmux_keys D
tmux_wait_for "Remove volume ${UI_PREFIX}vol-new\\?" 5 || fail "D did not ask again"
tmux_keys y
tmux_wait_for "Removed volume ${UI_PREFIX}vol-new" 10 || fail "no 'Removed' message"
$DOCKER volume inspect "${UI_PREFIX}vol-new" >/dev/null 2>&1 && fail "y did not remove the volume"
echo "ok: remove with confirmation"

tmux_keys End D
tmux_wait_for "Remove volume $used, used by" 5 || fail "D on the used volume did not say who uses it"
tmux_keys y
tmux_wait_for "volume is in use" 10 || fail "the 409 was not shown"
tmux_wait_for "remove the containers using it first" 5 || fail "the 409 is not explained"
$DOCKER volume inspect "$used" >/dev/null 2>&1 || fail "the used volume is gone"
echo "ok: 409 in use shown"

tmux_keys Home B
tmux_wait_for 'Back up to file:' 5 || fail "B did not ask for a file"
tmux_keys C-u "$UI_TMP/vol-a.tar.gz" Enter
tmux_wait_for "Backed up $vol" 20 || fail "no 'Backed up' message"
tar tzf "$UI_TMP/vol-a.tar.gz" | grep -qx './' || fail "the backup is not a tar.gz of the volume"
echo "ok: backup from the panel"

# Made while the panel is open (so the rows above keep their order);
# the create below relists them.
# A source with one file, a destination holding a different one, and a
# large volume (200 MB of random data) for the cancelled backup.
src=${UI_PREFIX}vol-src
dst=${UI_PREFIX}vol-dst
big=${UI_PREFIX}vol-big
$DOCKER run --rm -v "$src:/data" "$BERTH_TEST_IMAGE" sh -c 'echo from-src >/data/a.txt' ||
    fail "cannot fill $src"
$DOCKER run --rm -v "$dst:/data" "$BERTH_TEST_IMAGE" sh -c 'echo from-dst >/data/b.txt' ||
    fail "cannot fill $dst"
# One holding only an empty file: its listed size is 0.
zero=${UI_PREFIX}vol-zero
$DOCKER run --rm -v "$zero:/data" "$BERTH_TEST_IMAGE" busybox touch /data/empty ||
    fail "cannot fill $zero"
$DOCKER run --rm -v "$big:/data" "$BERTH_TEST_IMAGE" \
    busybox dd if=/dev/urandom of=/data/big bs=1048576 count=200 2>/dev/null || fail "cannot fill $big"

# What a volume holds, listed from inside a container.
vol_ls() {
    $DOCKER run --rm -v "$1:/data:ro" "$BERTH_TEST_IMAGE" ls -A /data | sort | tr '\n' ' '
}
helpers() {
    $DOCKER ps -aq --filter label=berth.helper | wc -l
}
helpers_before=$(helpers)

lab=${UI_PREFIX}vol-lab
tmux_keys n
tmux_wait_for 'New volume name' 5 || fail "n did not ask for a name (second create)"
tmux_keys "$lab" Enter
tmux_wait_for '^Driver: local' 5 || fail "no driver question (second create)"
tmux_keys Enter
tmux_wait_for '^Labels' 5 || fail "no labels question (second create)"
tmux_keys "berth.test=one, tier=db" Enter
tmux_wait_for '^Driver options' 5 || fail "no driver options question (second create)"
tmux_keys "type=tmpfs,device=tmpfs" Enter
tmux_wait_for "Created volume $lab .driver local, 2 labels, 2 options" 10 ||
    fail "no 'Created' message for $lab"
got=$($DOCKER volume inspect -f '{{index .Labels "berth.test"}}/{{index .Labels "tier"}}/{{.Driver}}/{{.Options.type}}/{{.Options.device}}' "$lab") ||
    fail "$lab was not created"
[ "$got" = "one/db/local/tmpfs/tmpfs" ] || fail "$lab has labels/driver/options '$got'"
echo "ok: create with driver, labels and driver options ($got)"

# Back the source up from the panel, then restore it into the destination.
ui_filter "$src"
tmux_wait_for "$src +local" 10 || fail "$src not listed"
tmux_keys Home B
tmux_wait_for 'Back up to file:' 5 || fail "B did not ask for a file ($src)"
tmux_keys C-u "$UI_TMP/src.tar.gz" Enter
tmux_wait_for "Backed up $src" 20 || fail "no 'Backed up' message for $src"
ui_filter "$dst"
tmux_wait_for "$dst +local" 10 || fail "$dst not listed"
tmux_keys Home u
tmux_wait_for 'Restore into the selected volume from file:' 5 || fail "u did not ask for a file"
tmux_keys C-u "$UI_TMP/src.tar.gz" Enter
tmux_wait_for "Volume $dst may hold files: m merge" 5 || fail "u into a non-empty volume did not ask"
tmux_keys n
sleep 1
[ "$(vol_ls "$dst")" = "b.txt " ] || fail "cancel changed $dst: $(vol_ls "$dst")"
echo "ok: restore into a non-empty volume asks; cancel leaves it as it was"
tmux_keys u
tmux_wait_for 'Restore into the selected volume from file:' 5 || fail "u did not ask again"
tmux_keys C-u "$UI_TMP/src.tar.gz" Enter
tmux_wait_for "Volume $dst may hold files: m merge" 5 || fail "u did not ask merge/clear again"
tmux_keys m
tmux_wait_for "Merge into: $dst .*y/n" 5 || fail "merge was not confirmed first"
tmux_keys y
tmux_wait_for "Restored $UI_TMP/src.tar.gz into $dst" 20 || fail "no 'Restored' message"
[ "$(vol_ls "$dst")" = "a.txt b.txt " ] || fail "merge did not keep both files: $(vol_ls "$dst")"
$DOCKER run --rm -v "$dst:/data:ro" "$BERTH_TEST_IMAGE" cat /data/a.txt | grep -qx from-src ||
    fail "a.txt restored with the wrong content"
echo "ok: merge restores beside what was there"

# Listed with size 0, the volume is looked at before writing: it asks too.
ui_filter "$zero"
tmux_wait_for "$zero +local" 10 || fail "$zero not listed"
tmux_keys Home u
tmux_wait_for 'Restore into the selected volume from file:' 5 || fail "u did not ask for a file ($zero)"
tmux_keys C-u "$UI_TMP/src.tar.gz" Enter
tmux_wait_for "Volume $zero may hold files: m merge" 10 || fail "u into $zero (size 0) did not ask"
tmux_keys n
sleep 1
[ "$(vol_ls "$zero")" = "empty " ] || fail "cancel changed $zero: $(vol_ls "$zero")"
echo "ok: a volume listed as 0 bytes but holding a file is asked about too"

# Cancel a backup of the large volume while its progress shows.
mkdir "$UI_TMP/cancel" || fail "mkdir"
ui_filter "$big"
tmux_wait_for "$big +local" 10 || fail "$big not listed"
tmux_keys Home B
tmux_wait_for 'Back up to file:' 5 || fail "B did not ask for a file ($big)"
tmux_keys C-u "$UI_TMP/cancel/big.tar.gz" Enter
tmux_wait_for 'Esc cancels' 10 || fail "no progress line during the backup"
tmux_keys Escape
tmux_wait_for "Backup of $big: .*cancel" 20 || fail "no 'cancelled' message"
sleep 1
left=$(ls -A "$UI_TMP/cancel")
[ -z "$left" ] || fail "cancelled backup left files: $left"
[ "$(helpers)" = "$helpers_before" ] || fail "a helper container remains after the cancel"
echo "ok: Esc cancels the backup: no file, no temp file, no helper container"
ui_quit
tmux_stop

ui_start 200 30 --read-only
tmux_wait_for '^NAME' 10 || fail "no table (read-only)"
tmux_keys V
tmux_wait_for '^NAME +DRIVER +SCOPE +SIZE' 10 || fail "V did not open the panel (read-only)"
for ka in n:volume_create D:remove u:volume_restore P:volume_prune; do
    tmux_keys "${ka%%:*}"
    tmux_wait_for "read-only mode: '${ka#*:}' is blocked" 5 ||
        fail "${ka%%:*} (${ka#*:}) was not refused in read-only mode"
done
echo "ok: read-only refuses create, remove, restore and prune"
ui_quit
