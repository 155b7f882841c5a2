#!/usr/bin/env bash
# The volumes panel in tmux: V opens it and lists the test volumes with
# the container using one; n creates a volume; D asks before removing and
# n keeps it, y removes it; removing a volume in use shows the engine's
# 409 and why; B backs a volume up to a .tar.gz file; --read-only refuses
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
