#!/usr/bin/env bash
# Grouping by compose project: F5 shows one row per project (from the
# com.docker.compose.project label) with its containers under it, projects
# in name order and containers without a project last; Enter on a project
# row folds it and unfolds it again.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"

label=com.docker.compose.project
ui_run web --label "$label=${UI_PREFIX}shop" --label com.docker.compose.service=web -- sleep 1000
ui_run db --label "$label=${UI_PREFIX}shop" --label com.docker.compose.service=db -- sleep 1000
ui_run api --label "$label=${UI_PREFIX}blog" -- sleep 1000
ui_run solo -- sleep 1000

conf=$(ui_config 'set sort name')
ui_start 160 40 --config "$conf"
tmux_wait_for '^NAME' 10 || fail "no table"
ui_filter "$UI_PREFIX"
tmux_wait_for "${UI_PREFIX}solo " 10 || fail "containers not shown"

tmux_keys F5
tmux_wait_for 'Grouped by compose project' 5 || fail "no grouping message"
tmux_wait_for "▾ ${UI_PREFIX}shop +2 running of 2" 5 || fail "no shop project row"
tmux_wait_for "▾ ${UI_PREFIX}blog +1 running of 1" 5 || fail "no blog project row"
tmux_wait_for "▾ \\(no project\\) +1 running of 1" 5 || fail "no row for containers without project"

# Order on screen: blog, its api; shop, its db and web; then the rest.
got=$(tmux_screen | grep -Eo -- "▾ ${UI_PREFIX}[a-z]+|▾ \\(no project\\)|^ +${UI_PREFIX}[a-z]+" |
    sed -e "s/^▾ ${UI_PREFIX}/[/" -e 's/^▾ (no project)/[-/' -e "s/^ *${UI_PREFIX}//" | tr '\n' ' ')
want="[blog api [shop db web [- solo "
[ "$got" = "$want" ] || fail "grouped order: got '$got', want '$want'"
echo "grouped: $got"

# Fold shop: select its row (Home, then down past blog and api) and Enter.
tmux_keys Home j j Enter
tmux_wait_for "▸ ${UI_PREFIX}shop" 5 || fail "shop did not fold"
tmux_screen | grep -Eq "^ +${UI_PREFIX}(web|db) " && fail "folded project still shows its containers"
tmux_wait_for "^ +${UI_PREFIX}api " 2 || fail "folding shop hid blog's container"
tmux_keys Enter
tmux_wait_for "▾ ${UI_PREFIX}shop" 5 || fail "shop did not unfold"
tmux_wait_for "^ +${UI_PREFIX}web " 5 || fail "unfolded project lacks its containers"
echo "project rows fold and unfold"

tmux_keys t
tmux_wait_for 'Not grouped' 5 || fail "t did not ungroup"
tmux_wait_gone "▾ ${UI_PREFIX}shop" 5 || fail "project rows still shown after ungrouping"
ui_quit
